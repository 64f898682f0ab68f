<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>IncidentTableModel</name>
    <message>
        <location filename="../../console/board/model.py" line="44" />
        <source>ID</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../console/board/model.py" line="45" />
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../console/board/model.py" line="46" />
        <source>Severity</source>
        <translation>等级</translation>
    </message>
    <message>
        <location filename="../../console/board/model.py" line="47" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../console/board/model.py" line="48" />
        <source>Time left</source>
        <translation>剩余时限</translation>
    </message>
    <message>
        <location filename="../../console/board/model.py" line="49" />
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../console/board/model.py" line="50" />
        <source>Channel</source>
        <translation>来源渠道</translation>
    </message>
    <message>
        <location filename="../../console/board/model.py" line="51" />
        <source>Center</source>
        <translation>承办中心</translation>
    </message>
    <message>
        <location filename="../../console/board/model.py" line="52" />
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../console/board/model.py" line="53" />
        <source>Reported</source>
        <translation>上报时间</translation>
    </message>
    <message>
        <location filename="../../console/board/model.py" line="358" />
        <source>supervised</source>
        <translation>督办中</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../console/board/labels.py" line="15" />
        <source>Reported</source>
        <translation>已上报</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="16" />
        <source>Accepted</source>
        <translation>已受理</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="17" />
        <source>Rejected</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="18" />
        <source>Dispatched</source>
        <translation>已派遣</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="19" />
        <source>Signed</source>
        <translation>已签收</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="20" />
        <source>In progress</source>
        <translation>处置中</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="21" />
        <source>Handled</source>
        <translation>已处置</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="22" />
        <source>Verified</source>
        <translation>已核查</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="23" />
        <source>Closed</source>
        <translation>已结案</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="24" />
        <source>Evaluated</source>
        <translation>已评价</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="25" />
        <source>Suspended</source>
        <translation>挂账</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="30" />
        <source>Simple</source>
        <translation>简易</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="31" />
        <source>General</source>
        <translation>一般</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="32" />
        <source>Complex</source>
        <translation>复杂</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="33" />
        <source>Major</source>
        <translation>重大</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="44" />
        <source>Grid worker</source>
        <translation>网格员上报</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="45" />
        <source>Walk-in visit</source>
        <translation>群众来访</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="46" />
        <source>12345 hotline</source>
        <translation>12345热线</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="47" />
        <source>Video alarm</source>
        <translation>视频告警</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="48" />
        <source>Department transfer</source>
        <translation>部门移交</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="49" />
        <source>Higher-level assignment</source>
        <translation>上级交办</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="53" />
        <source>Report</source>
        <translation>上报</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="54" />
        <source>Overdue</source>
        <translation>超期</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="55" />
        <source>Evidence added</source>
        <translation>添加证据</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="56" />
        <source>Accept</source>
        <translation>受理</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="57" />
        <source>Reject</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="58" />
        <source>Dispatch</source>
        <translation>派遣</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="59" />
        <source>Sign</source>
        <translation>签收</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="60" />
        <source>Start</source>
        <translation>开始处置</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="61" />
        <source>Feedback</source>
        <translation>处置反馈</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="62" />
        <source>Verify</source>
        <translation>核查通过</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="63" />
        <source>Rework</source>
        <translation>返工</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="64" />
        <source>Close</source>
        <translation>结案</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="65" />
        <source>Evaluate</source>
        <translation>评价</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="66" />
        <source>Return</source>
        <translation>退回</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="67" />
        <source>Escalate</source>
        <translation>上报上级</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="68" />
        <source>Supervise</source>
        <translation>督办</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="69" />
        <source>Suspend</source>
        <translation>挂账</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="70" />
        <source>Resume</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="71" />
        <source>Extend</source>
        <translation>延期</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="82" />
        <source>City</source>
        <translation>市</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="83" />
        <source>District</source>
        <translation>区县</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="84" />
        <source>Township</source>
        <translation>乡镇/街道</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="85" />
        <source>Village</source>
        <translation>村</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="86" />
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="87" />
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="114" />
        <source>%1d</source>
        <translation>%1天</translation>
    </message>
</context>
<context>
    <name>Linkage</name>
    <message>
        <location filename="../../console/linkage.py" line="35" />
        <source>Video alarm: motion at %1</source>
        <translation>视频告警：%1 移动侦测</translation>
    </message>
    <message>
        <location filename="../../console/linkage.py" line="40" />
        <source>Video alarm: tampering at %1</source>
        <translation>视频告警：%1 遮挡/破坏</translation>
    </message>
</context>
<context>
    <name>QtDispatchBoard</name>
    <message>
        <location filename="../../console/board/qt_dispatch_board.py" line="181" />
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_dispatch_board.py" line="182" />
        <source>All severities</source>
        <translation>全部等级</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_dispatch_board.py" line="183" />
        <source>All channels</source>
        <translation>全部渠道</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_dispatch_board.py" line="188" />
        <source>All categories</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_dispatch_board.py" line="189" />
        <source>All areas</source>
        <translation>全部区域</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_dispatch_board.py" line="190" />
        <source>Overdue only</source>
        <translation>仅超期</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_dispatch_board.py" line="191" />
        <source>Search id, title, address</source>
        <translation>搜索编号、标题、地址</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_dispatch_board.py" line="262" />
        <source>%1 of %2 incidents</source>
        <translation>%1 / %2 件</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_dispatch_board.py" line="271" />
        <source>New incident: %1 · %2 · %3</source>
        <translation>新事件：%1 · %2 · %3</translation>
    </message>
</context>
<context>
    <name>QtHierarchyPicker</name>
    <message>
        <location filename="../../console/board/qt_hierarchy_picker.py" line="26" />
        <source>Organisation</source>
        <translation>组织机构</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_hierarchy_picker.py" line="44" />
        <location filename="../../console/board/qt_hierarchy_picker.py" line="106" />
        <source>Departments</source>
        <translation>职能部门</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_hierarchy_picker.py" line="94" />
        <source>Search org, grid or department</source>
        <translation>搜索机构、网格或部门</translation>
    </message>
</context>
<context>
    <name>QtIncidentDetail</name>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="185" />
        <source>ID</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="186" />
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="187" />
        <source>Channel</source>
        <translation>来源渠道</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="188" />
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="189" />
        <source>Owning center</source>
        <translation>承办中心</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="190" />
        <source>Assignee</source>
        <translation>处置单位</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="191" />
        <source>Reporter</source>
        <translation>上报人</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="192" />
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="193" />
        <source>Reported at</source>
        <translation>上报时间</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="194" />
        <source>Time limit</source>
        <translation>办理时限</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="195" />
        <source>Description</source>
        <translation>事件描述</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="210" />
        <source>Show cameras on wall</source>
        <translation>关联视频上墙</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="212" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="212" />
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="212" />
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="212" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="212" />
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="216" />
        <source>No action is open to you at this stage.</source>
        <translation>当前环节您没有可执行的操作。</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="218" />
        <source>Reason (needed to reject, return, rework, escalate, suspend)</source>
        <translation>理由（不予受理、退回、返工、上报、挂账时必填）</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="202" />
        <source>Dispatch to</source>
        <translation>派遣至</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="203" />
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="204" />
        <source>Rating</source>
        <translation>评分</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="205" />
        <source>New deadline</source>
        <translation>新时限</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="220" />
        <source>Actions</source>
        <translation>处置操作</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="265" />
        <source>No incident selected</source>
        <translation>未选择事件</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="283" />
        <source>supervised</source>
        <translation>督办中</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="310" />
        <source>Linked cameras: %1</source>
        <translation>关联摄像机：%1</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="393" />
        <source>Pick a target in the tree first.</source>
        <translation>请先在机构树中选择派遣对象。</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="407" />
        <location filename="../../console/board/qt_incident_detail.py" line="409" />
        <source>Refused: %1</source>
        <translation>操作被拒绝：%1</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="414" />
        <source>Done: %1</source>
        <translation>已完成：%1</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="434" />
        <source>Time left %1</source>
        <translation>剩余 %1</translation>
    </message>
</context>
<context>
    <name>QtNewIncidentForm</name>
    <message>
        <location filename="../../console/board/qt_new_incident_form.py" line="90" />
        <source>New incident</source>
        <translation>新建事件</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_new_incident_form.py" line="91" />
        <source>Name and phone of the visitor or caller</source>
        <translation>来访人/来电人姓名及电话</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_new_incident_form.py" line="92" />
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_new_incident_form.py" line="93" />
        <source>Short title</source>
        <translation>简要标题</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_new_incident_form.py" line="94" />
        <source>What happened, where, who is involved</source>
        <translation>事件经过、地点、涉及人员</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_new_incident_form.py" line="167" />
        <source>No grid picked: choose one in the tree or on the map</source>
        <translation>未选择网格：请在机构树或地图上选择</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_new_incident_form.py" line="95" />
        <source>Register incident</source>
        <translation>登记事件</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_new_incident_form.py" line="98" />
        <source>Channel</source>
        <translation>来源渠道</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_new_incident_form.py" line="99" />
        <source>Caller / visitor</source>
        <translation>来电/来访人</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_new_incident_form.py" line="96" />
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_new_incident_form.py" line="100" />
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_new_incident_form.py" line="101" />
        <source>Description</source>
        <translation>事件描述</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_new_incident_form.py" line="102" />
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_new_incident_form.py" line="103" />
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_new_incident_form.py" line="129" />
        <source>Enter a title.</source>
        <translation>请填写标题。</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_new_incident_form.py" line="132" />
        <source>Pick the grid where it happened.</source>
        <translation>请选择事发网格。</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_new_incident_form.py" line="150" />
        <source>Refused: %1</source>
        <translation>操作被拒绝：%1</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_new_incident_form.py" line="153" />
        <source>Registered %1</source>
        <translation>已登记 %1</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_new_incident_form.py" line="172" />
        <source>Pick a grid (the lowest level), not a center.</source>
        <translation>请选择网格（最低一级），而不是中心。</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_new_incident_form.py" line="175" />
        <source>Grid: %1</source>
        <translation>网格：%1</translation>
    </message>
</context>
<context>
    <name>QtSupervisionView</name>
    <message>
        <location filename="../../console/board/qt_supervision_view.py" line="101" />
        <source>Supervise (24 h)</source>
        <translation>督办（24小时）</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_supervision_view.py" line="102" />
        <source>Supervision notices at this center</source>
        <translation>本中心督办通知</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_supervision_view.py" line="133" />
        <source>%1 overdue or supervised incidents</source>
        <translation>超期或督办事件 %1 件</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_supervision_view.py" line="151" />
        <source>Select an incident first.</source>
        <translation>请先选择事件。</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_supervision_view.py" line="158" />
        <source>Refused: %1</source>
        <translation>操作被拒绝：%1</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_supervision_view.py" line="160" />
        <source>Supervision set: %1</source>
        <translation>已督办：%1</translation>
    </message>
</context>
</TS>