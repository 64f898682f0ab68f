<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Categories</name>
    <message>
        <location filename="../../console/board/labels.py" line="94" />
        <source>Disputes</source>
        <translation>矛盾纠纷</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="95" />
        <source>Neighbour disputes</source>
        <translation>邻里纠纷</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="96" />
        <source>Marriage and family disputes</source>
        <translation>婚姻家庭纠纷</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="97" />
        <source>Land and forest disputes</source>
        <translation>土地山林纠纷</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="98" />
        <source>Labour disputes</source>
        <translation>劳资纠纷</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="99" />
        <source>Public order risks</source>
        <translation>治安隐患</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="100" />
        <source>Gatherings and disturbances</source>
        <translation>聚集滋事</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="101" />
        <source>Theft risks</source>
        <translation>盗窃隐患</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="102" />
        <source>Safety hazards</source>
        <translation>安全隐患</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="103" />
        <source>Work safety</source>
        <translation>生产安全</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="104" />
        <source>Fire safety</source>
        <translation>消防安全</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="105" />
        <source>Traffic safety</source>
        <translation>交通安全</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="106" />
        <source>Hazardous chemicals</source>
        <translation>危化品安全</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="107" />
        <source>Special groups</source>
        <translation>特殊人群</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="109" />
        <source>People under community correction</source>
        <translation>社区矫正人员</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="111" />
        <source>Severe mental disorders</source>
        <translation>严重精神障碍患者</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="112" />
        <source>City management / sanitation</source>
        <translation>城市管理/环境卫生</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="113" />
        <source>Sanitation</source>
        <translation>环境卫生</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="114" />
        <source>Street vending</source>
        <translation>占道经营</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="115" />
        <source>Municipal facilities</source>
        <translation>市政设施</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="116" />
        <source>Public service requests</source>
        <translation>民生服务诉求</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="117" />
        <source>Public health</source>
        <translation>公共卫生</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="118" />
        <source>Stability / petitions</source>
        <translation>涉稳/信访</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="119" />
        <source>Petitions</source>
        <translation>信访事项</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="120" />
        <source>Signs of mass incidents</source>
        <translation>群体性事件苗头</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="121" />
        <source>Equipment faults</source>
        <translation>设备故障</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="122" />
        <source>Camera offline</source>
        <translation>摄像机离线</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="123" />
        <source>Poor video quality</source>
        <translation>视频质量异常</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="124" />
        <source>Other</source>
        <translation>其他</translation>
    </message>
</context>
<context>
    <name>IncidentTableModel</name>
    <message>
        <location filename="../../console/board/model.py" line="46" />
        <source>ID</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../console/board/model.py" line="47" />
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../console/board/model.py" line="48" />
        <source>Severity</source>
        <translation>等级</translation>
    </message>
    <message>
        <location filename="../../console/board/model.py" line="49" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../console/board/model.py" line="50" />
        <source>Time left</source>
        <translation>剩余时限</translation>
    </message>
    <message>
        <location filename="../../console/board/model.py" line="51" />
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../console/board/model.py" line="52" />
        <source>Channel</source>
        <translation>来源渠道</translation>
    </message>
    <message>
        <location filename="../../console/board/model.py" line="53" />
        <source>Center</source>
        <translation>承办中心</translation>
    </message>
    <message>
        <location filename="../../console/board/model.py" line="54" />
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../console/board/model.py" line="55" />
        <source>Reported</source>
        <translation>上报时间</translation>
    </message>
    <message>
        <location filename="../../console/board/model.py" line="451" />
        <source>supervised</source>
        <translation>督办中</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../console/board/labels.py" line="1" />
        <source>acceptance</source>
        <translation>受理</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="1" />
        <source>dispatch</source>
        <translation>派遣</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="1" />
        <source>signing</source>
        <translation>签收</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="1" />
        <source>handling</source>
        <translation>处置</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="1" />
        <source>verification</source>
        <translation>核查</translation>
    </message>
    <message>
        <location filename="../../console/board/labels.py" line="1" />
        <source>closing</source>
        <translation>结案</translation>
    </message>
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
        <location filename="../../console/board/labels.py" line="162" />
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
    <message>
        <location filename="../../console/linkage.py" line="52" />
        <source>Picture fault at %1: %2</source>
        <translation>视频质量异常：%1（%2）</translation>
    </message>
    <message>
        <location filename="../../console/linkage.py" line="58" />
        <source>Camera offline: %1 since %2</source>
        <translation>摄像机离线：%1（%2 起）</translation>
    </message>
</context>
<context>
    <name>QtDispatchBoard</name>
    <message>
        <location filename="../../console/board/qt_dispatch_board.py" line="1" />
        <source>Dispatch database unreachable since %1: this board is not updating and may be out of date. Retrying by itself; if this lasts, have the database server and the network checked. (%2)</source>
        <translation>调度数据库自 %1 起无法连接：本看板已停止更新，所示内容可能已过时。正在自动重试；如持续，请联系管理员检查数据库服务器和网络。（%2）</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_dispatch_board.py" line="184" />
        <source>All states</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_dispatch_board.py" line="185" />
        <source>All severities</source>
        <translation>全部等级</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_dispatch_board.py" line="186" />
        <source>All channels</source>
        <translation>全部渠道</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_dispatch_board.py" line="191" />
        <source>All categories</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_dispatch_board.py" line="195" />
        <source>All areas</source>
        <translation>全部区域</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_dispatch_board.py" line="196" />
        <source>Overdue only</source>
        <translation>仅超期</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_dispatch_board.py" line="200" />
        <source>Alert sound</source>
        <translation>提示音</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_dispatch_board.py" line="201" />
        <source>Play a sound when a new incident arrives</source>
        <translation>新警情到达时播放提示音</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_dispatch_board.py" line="197" />
        <source>Search id, title, address</source>
        <translation>搜索编号、标题、地址</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_dispatch_board.py" line="268" />
        <source>%1 of %2 incidents</source>
        <translation>%1 / %2 件</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_dispatch_board.py" line="277" />
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
        <location filename="../../console/board/qt_incident_detail.py" line="186" />
        <source>ID</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="187" />
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="188" />
        <source>Channel</source>
        <translation>来源渠道</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="189" />
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="190" />
        <source>Owning center</source>
        <translation>承办中心</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="191" />
        <source>Assignee</source>
        <translation>处置单位</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="192" />
        <source>Reporter</source>
        <translation>上报人</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="193" />
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="194" />
        <source>Reported at</source>
        <translation>上报时间</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="195" />
        <source>Time limit</source>
        <translation>办理时限</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="196" />
        <source>Description</source>
        <translation>事件描述</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="211" />
        <source>Show cameras on wall</source>
        <translation>关联视频上墙</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="213" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="213" />
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="213" />
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="213" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="213" />
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="217" />
        <source>No action is open to you at this stage.</source>
        <translation>当前环节您没有可执行的操作。</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="219" />
        <source>Reason (needed to reject, return, rework, escalate, suspend)</source>
        <translation>理由（不予受理、退回、返工、上报、挂账时必填）</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="203" />
        <source>Dispatch to</source>
        <translation>派遣至</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="204" />
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="205" />
        <source>Rating</source>
        <translation>评分</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="206" />
        <source>New deadline</source>
        <translation>新时限</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="221" />
        <source>Actions</source>
        <translation>处置操作</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="266" />
        <source>No incident selected</source>
        <translation>未选择事件</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="284" />
        <source>supervised</source>
        <translation>督办中</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="311" />
        <source>Linked cameras: %1</source>
        <translation>关联摄像机：%1</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="394" />
        <source>Pick a target in the tree first.</source>
        <translation>请先在机构树中选择派遣对象。</translation>
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
    <message>
        <location filename="../../console/board/qt_incident_detail.py" line="1" />
        <source>Overdue by %1</source>
        <translation>已超时 %1</translation>
    </message>
</context>
<context>
    <name>QtNewIncidentForm</name>
    <message>
        <location filename="../../console/board/qt_new_incident_form.py" line="92" />
        <source>New incident</source>
        <translation>新建事件</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_new_incident_form.py" line="93" />
        <source>Name and phone of the visitor or caller</source>
        <translation>来访人/来电人姓名及电话</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_new_incident_form.py" line="94" />
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_new_incident_form.py" line="95" />
        <source>Short title</source>
        <translation>简要标题</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_new_incident_form.py" line="96" />
        <source>What happened, where, who is involved</source>
        <translation>事件经过、地点、涉及人员</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_new_incident_form.py" line="173" />
        <source>No grid picked: choose one in the tree or on the map</source>
        <translation>未选择网格：请在机构树或地图上选择</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_new_incident_form.py" line="97" />
        <source>Register incident</source>
        <translation>登记事件</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_new_incident_form.py" line="100" />
        <source>Channel</source>
        <translation>来源渠道</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_new_incident_form.py" line="101" />
        <source>Caller / visitor</source>
        <translation>来电/来访人</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_new_incident_form.py" line="98" />
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_new_incident_form.py" line="102" />
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_new_incident_form.py" line="103" />
        <source>Description</source>
        <translation>事件描述</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_new_incident_form.py" line="104" />
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_new_incident_form.py" line="105" />
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_new_incident_form.py" line="135" />
        <source>Enter a title.</source>
        <translation>请填写标题。</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_new_incident_form.py" line="138" />
        <source>Pick the grid where it happened.</source>
        <translation>请选择事发网格。</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_new_incident_form.py" line="159" />
        <source>Registered %1</source>
        <translation>已登记 %1</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_new_incident_form.py" line="178" />
        <source>Pick a grid (the lowest level), not a center.</source>
        <translation>请选择网格（最低一级），而不是中心。</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_new_incident_form.py" line="181" />
        <source>Grid: %1</source>
        <translation>网格：%1</translation>
    </message>
</context>
<context>
    <name>QtSupervisionView</name>
    <message>
        <location filename="../../console/board/qt_supervision_view.py" line="1" />
        <source>%1  %2  %3 overdue</source>
        <translation>%1  %2  %3超时</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_supervision_view.py" line="102" />
        <source>Supervise (24 h)</source>
        <translation>督办（24小时）</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_supervision_view.py" line="103" />
        <source>Supervision notices at this center</source>
        <translation>本中心督办通知</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_supervision_view.py" line="134" />
        <source>%1 overdue or supervised incidents</source>
        <translation>超期或督办事件 %1 件</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_supervision_view.py" line="152" />
        <source>Select an incident first.</source>
        <translation>请先选择事件。</translation>
    </message>
    <message>
        <location filename="../../console/board/qt_supervision_view.py" line="161" />
        <source>Supervision set: %1</source>
        <translation>已督办：%1</translation>
    </message>
</context>
<context>
    <name>Refusals</name>
    <message>
        <source>{holder} ({holder_org}) steers this camera for another {seconds} s</source>
        <translation>{holder}（{holder_org}）正在控制此摄像机，还需 {seconds} 秒释放</translation>
    </message>
    <message>
        <source>this camera lies outside the area of {org}</source>
        <translation>此摄像机不在{org}的辖区内</translation>
    </message>
    <message>
        <source>{role} may not steer cameras</source>
        <translation>{role}无权控制云台</translation>
    </message>
    <message>
        <source>In use by someone else, wait or ask a higher center</source>
        <translation>云台正被他人控制，请稍候或请上级中心接管</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="1" />
        <source>Internal error, see the log and report it</source>
        <translation>内部错误，请查看日志并报告</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="47" />
        <source>Not permitted</source>
        <translation>无权操作</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="62" />
        <source>Wrong login or password</source>
        <translation>账号或密码错误</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="50" />
        <source>Not possible in the current state</source>
        <translation>当前状态不允许此操作</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="55" />
        <source>Changed by someone else, check the latest state and retry</source>
        <translation>事件已被他人修改，请查看最新状态后重试</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="60" />
        <source>Invalid input, correct it and retry</source>
        <translation>输入有误，请修改后重试</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="61" />
        <source>Not found, refresh and try again</source>
        <translation>对象不存在，请刷新后重试</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="65" />
        <source>Database unavailable, check the connection</source>
        <translation>数据库不可用，请检查连接</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="69" />
        <source>Audit trail damaged, tell the administrator</source>
        <translation>审计记录校验失败，请联系管理员</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="71" />
        <source>Refused</source>
        <translation>操作被拒绝</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="77" />
        <source>{action} is not possible while it is {state}; possible: {allowed}</source>
        <translation>事件处于“{state}”状态，不能{action}；可执行：{allowed}</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="82" />
        <source>maintenance staff may not act on incidents</source>
        <translation>运维人员不能处理事件</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="85" />
        <location filename="../../console/board/refusals.py" line="93" />
        <source>grid {grid} lies outside the area of {org}</source>
        <translation>网格 {grid} 不在 {org} 的辖区内</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="87" />
        <source>{action}: {actor_rule} may do this</source>
        <translation>{action}：{actor_rule}可以执行此操作</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="89" />
        <source>a grid worker reports only in their own grid {own_grid}</source>
        <translation>网格员只能在本网格（{own_grid}）上报</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="91" />
        <source>{role} may not report incidents</source>
        <translation>{role}不能上报事件</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="97" />
        <source>pick a lower center, a grid or a department</source>
        <translation>请选择下级中心、网格或部门</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="100" />
        <source>only departments of {center} may be dispatched to; {target} is not one</source>
        <translation>只能派遣给{center}的部门，{target}不属于该中心</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="105" />
        <source>{target} is not below {center} nor one of its departments</source>
        <translation>{target}不在{center}辖区内，也不是其部门</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="107" />
        <source>{center} is the top center</source>
        <translation>{center}已是最高一级中心</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="109" />
        <source>escalate to {parent}; only major or urgent incidents may go straight to the city</source>
        <translation>请上报至{parent}；仅重大或紧急事件可直报市级</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="114" />
        <source>{target} is not a center</source>
        <translation>{target}不是综治中心</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="115" />
        <source>the rating must be between 1 and 5</source>
        <translation>评价须在 1 到 5 之间</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="117" />
        <source>the supervision deadline must lie in the future</source>
        <translation>督办期限须晚于当前时间</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="119" />
        <source>pick the new deadline</source>
        <translation>请选择新的时限</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="121" />
        <source>the new deadline must be later than {deadline}</source>
        <translation>新时限须晚于 {deadline}</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="124" />
        <source>{action} needs a reason</source>
        <translation>{action}须填写原因</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="126" />
        <source>you saw version {expected}, it is now at {version}</source>
        <translation>您看到的是第 {expected} 版，现已是第 {version} 版</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="135" />
        <source>{incident} is open for camera {camera} already</source>
        <translation>摄像机 {camera} 已有未办结的事件 {incident}</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="129" />
        <source>it changed while {action} was being applied</source>
        <translation>执行{action}时事件被他人修改</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="131" />
        <source>{grid} is not a grid</source>
        <translation>{grid}不是网格</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="132" />
        <source>enter a title</source>
        <translation>请填写标题</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="133" />
        <source>incident {incident} does not exist</source>
        <translation>事件 {incident} 不存在</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="134" />
        <source>there is no action “{action}”</source>
        <translation>没有“{action}”这项操作</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="136" />
        <source>there is no severity “{severity}”; pick one of {severities}</source>
        <translation>没有“{severity}”这一事件等级；可选：{severities}</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="139" />
        <source>there is no channel “{channel}”; pick one of {channels}</source>
        <translation>没有“{channel}”这一来源渠道；可选：{channels}</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="142" />
        <source>there is no category “{category}”; pick one from the list</source>
        <translation>没有“{category}”这一事件类别，请从列表中选择</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="145" />
        <source>there is no state “{state}”; pick one of {states}</source>
        <translation>没有“{state}”这一状态；可选：{states}</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="148" />
        <source>cannot read the file {path}: {os_error}</source>
        <translation>无法读取文件 {path}：{os_error}</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="151" />
        <source>incident {incident} lies outside the area of {org}, so no file can be attached to it</source>
        <translation>事件 {incident} 不在 {org} 的辖区内，不能添加附件</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="156" />
        <source>check the login {login} and its password</source>
        <translation>请核对账号 {login} 及其密码</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="158" />
        <source>org {org} does not exist</source>
        <translation>组织机构 {org} 不存在</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="159" />
        <source>user {login} does not exist</source>
        <translation>用户 {login} 不存在</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="161" />
        <source>department {department} does not exist</source>
        <translation>部门 {department} 不存在</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="164" />
        <source>grid {grid} has no center of level {level} above it</source>
        <translation>网格 {grid} 上级没有{level}级综治中心</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="166" />
        <source>there is no role “{role}”</source>
        <translation>没有“{role}”这一角色</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="168" />
        <source>there is no level “{level}”; pick one of {levels}</source>
        <translation>没有“{level}”这一层级；可选：{levels}</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="171" />
        <source>the loaded org {org} has the unknown level “{level}”; use one of {levels}</source>
        <translation>导入的组织机构 {org} 层级“{level}”无效；可选：{levels}</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="176" />
        <source>the loaded org {org} names the unknown parent {parent}; list parents first</source>
        <translation>导入的组织机构 {org} 的上级 {parent} 不存在，请先导入上级</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="181" />
        <source>the loaded user {login} has the unknown role “{role}”</source>
        <translation>导入的用户 {login} 角色“{role}”无效</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="185" />
        <source>cannot read the database address; use sqlite:///PATH or postgresql://USER@HOST/DB</source>
        <translation>无法识别数据库地址，请填写 SQLite 文件路径或 PostgreSQL 地址</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="191" />
        <source>the database {backend} is not supported; use SQLite or PostgreSQL</source>
        <translation>不支持 {backend} 数据库，请改用 SQLite 或 PostgreSQL</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="196" />
        <source>cannot upgrade the database {url} ({error}); check the address and the server</source>
        <translation>无法升级数据库 {url}，请检查地址及数据库服务器是否运行</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="202" />
        <source>cannot open the database {url} ({error}); check the address and the server</source>
        <translation>无法打开数据库 {url}，请检查地址及数据库服务器是否运行</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="207" />
        <source>the database {url} is not set up; run `xueliang db init` first</source>
        <translation>数据库 {url} 尚未初始化，请先执行数据库初始化命令</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="212" />
        <source>cannot reach the database {url} ({error}); check the server and the network, then retry</source>
        <translation>无法连接数据库 {url}，请检查数据库服务器和网络后重试</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="212" />
        <source>cannot follow the changes of the database {url} ({error})</source>
        <translation>无法接收数据库 {url} 的变更通知</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="216" />
        <source>the shipped data file {resource} is damaged ({problem}); restore it from the repository</source>
        <translation>内置数据文件 {resource} 已损坏，请从代码仓库恢复</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="223" />
        <source>the map of {org_id} cannot be divided ({problem}); please report this bug</source>
        <translation>无法划分 {org_id} 的区划图形，这是程序缺陷，请报告</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="231" />
        <source>it does not exist</source>
        <translation>文件不存在</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="232" />
        <location filename="../../console/board/refusals.py" line="233" />
        <source>no permission to read it</source>
        <translation>没有读取权限</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="234" />
        <source>it is a folder</source>
        <translation>这是一个文件夹</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="236" />
        <source>the system could not read it</source>
        <translation>系统读取失败</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="241" />
        <source>only the operator, duty officer or leader of the owning center</source>
        <translation>仅事件所属中心的值班员、值班长或领导</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="245" />
        <source>only the assignee</source>
        <translation>仅承办方</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="247" />
        <source>only the owning center or the reporter</source>
        <translation>仅事件所属中心或上报人</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="250" />
        <source>only a duty officer or leader above the owning center</source>
        <translation>仅所属中心上级中心的值班长或领导</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="253" />
        <source>only a duty officer or leader of the parent center</source>
        <translation>仅所属中心直接上级中心的值班长或领导</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="256" />
        <source>only the owning center or its parent&apos;s duty officer or leader</source>
        <translation>仅所属中心或其直接上级中心的值班长、领导</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="263" />
        <source>An operator</source>
        <translation>值班员</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="264" />
        <source>A duty officer</source>
        <translation>值班长</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="265" />
        <source>A leader</source>
        <translation>领导</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="266" />
        <source>A grid worker</source>
        <translation>网格员</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="267" />
        <source>A department liaison</source>
        <translation>部门联络员</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="268" />
        <source>Maintenance staff</source>
        <translation>运维人员</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="314" />
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../../console/board/refusals.py" line="347" />
        <source>%1 — %2</source>
        <translation>%1：%2</translation>
    </message>
</context>
</TS>
