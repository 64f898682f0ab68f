<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CatalogSide</name>
    <message>
        <source>Camera registry</source>
        <translation>摄像机目录</translation>
    </message>
    <message>
        <source>Camera registry: %1</source>
        <translation>摄像机目录：%1</translation>
    </message>
    <message>
        <source>Refresh camera list</source>
        <translation>刷新摄像机目录</translation>
    </message>
    <message>
        <source>Read the camera registry now (it is read every minute anyway)</source>
        <translation>立即读取摄像机目录（每分钟也会自动读取）</translation>
    </message>
    <message>
        <source>Reading the camera registry…</source>
        <translation>正在读取摄像机目录…</translation>
    </message>
    <message>
        <source>Camera registry not read: %1</source>
        <translation>未能读取摄像机目录：%1</translation>
    </message>
    <message>
        <source>The camera registry has not changed</source>
        <translation>摄像机目录无变化</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message numerus="yes">
        <source>%n camera(s) added</source>
        <translation><numerusform>新增 %n 台摄像机</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n camera(s) removed</source>
        <translation><numerusform>移除 %n 台摄像机</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n camera(s) with new credentials</source>
        <translation><numerusform>%n 台摄像机凭据已更新</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n camera(s) changed</source>
        <translation><numerusform>%n 台摄像机信息变更</numerusform></translation>
    </message>
</context>
<context>
    <name>CameraHealthModel</name>
    <message>
        <source>Password refused</source>
        <translation>密码被拒</translation>
    </message>
    <message>
        <location filename="../../console/camera_health_model.py" line="94" />
        <source>Work order</source>
        <translation>工单</translation>
    </message>
    <message>
        <location filename="../../console/camera_health_model.py" line="76" />
        <source>offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../console/camera_health_model.py" line="77" />
        <source>picture fault</source>
        <translation>画面异常</translation>
    </message>
    <message>
        <location filename="../../console/camera_health_model.py" line="160" />
        <source>Work order %1 (%2): %3</source>
        <translation>工单 %1（%2）：%3</translation>
    </message>
    <message>
        <location filename="../../console/camera_health_model.py" line="87" />
        <source>Picture</source>
        <translation>画面</translation>
    </message>
    <message>
        <location filename="../../console/qt_camera_health.py" line="56" />
        <source>Followed</source>
        <translation>已订阅</translation>
    </message>
    <message>
        <location filename="../../console/qt_camera_health.py" line="57" />
        <source>Not followed</source>
        <translation>未订阅</translation>
    </message>
    <message>
        <location filename="../../console/qt_camera_health.py" line="58" />
        <source>Subscribing</source>
        <translation>订阅中</translation>
    </message>
    <message>
        <location filename="../../console/qt_camera_health.py" line="79" />
        <source>Video alarms</source>
        <translation>视频告警</translation>
    </message>
    <message>
        <location filename="../../console/qt_camera_health.py" line="32" />
        <source>Live</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../console/qt_camera_health.py" line="33" />
        <source>Connecting</source>
        <translation>连接中</translation>
    </message>
    <message>
        <location filename="../../console/qt_camera_health.py" line="34" />
        <source>Reconnecting</source>
        <translation>重连中</translation>
    </message>
    <message>
        <location filename="../../console/qt_camera_health.py" line="35" />
        <source>Stale</source>
        <translation>画面停滞</translation>
    </message>
    <message>
        <location filename="../../console/qt_camera_health.py" line="36" />
        <source>Lost</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../console/qt_camera_health.py" line="37" />
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../console/qt_camera_health.py" line="38" />
        <source>Not checked yet</source>
        <translation>待巡检</translation>
    </message>
    <message>
        <location filename="../../console/qt_camera_health.py" line="47" />
        <source>Answered, not measured</source>
        <translation>已应答，待测速</translation>
    </message>
    <message>
        <location filename="../../console/qt_camera_health.py" line="205" />
        <source>Its stream answered the roll-call; fps and bitrate come with its patrol check</source>
        <translation>点名时视频流应答正常，帧率和码率待巡检测得</translation>
    </message>
    <message>
        <location filename="../../console/qt_camera_health.py" line="155" />
        <source>Checked at %1 (not on the wall)</source>
        <translation>巡检于 %1（未上墙）</translation>
    </message>
    <message>
        <location filename="../../console/qt_camera_health.py" line="46" />
        <source>Camera</source>
        <translation>摄像机</translation>
    </message>
    <message>
        <location filename="../../console/qt_camera_health.py" line="47" />
        <source>Org</source>
        <translation>所属组织</translation>
    </message>
    <message>
        <location filename="../../console/qt_camera_health.py" line="48" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../console/qt_camera_health.py" line="49" />
        <source>FPS</source>
        <translation>帧率</translation>
    </message>
    <message>
        <location filename="../../console/qt_camera_health.py" line="50" />
        <source>kbit/s</source>
        <translation>码率 kbit/s</translation>
    </message>
    <message>
        <location filename="../../console/qt_camera_health.py" line="51" />
        <source>Reconnects</source>
        <translation>重连次数</translation>
    </message>
</context>
<context>
    <name>ConsoleContext</name>
    <message>
        <location filename="../../console/app.py" line="120" />
        <source>no picture to save yet: wait for the stream to go live</source>
        <translation>尚无画面可保存：请等待视频上线</translation>
    </message>
    <message>
        <location filename="../../console/app.py" line="128" />
        <source>snapshot not saved: %1</source>
        <translation>抓拍未保存：%1</translation>
    </message>
    <message>
        <location filename="../../console/app.py" line="137" />
        <source>saved %1, not attached: %2</source>
        <translation>已保存 %1，未能附加：%2</translation>
    </message>
</context>
<context>
    <name>EventLogModel</name>
    <message>
        <location filename="../../console/qt_event_log.py" line="45" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../console/qt_event_log.py" line="46" />
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../console/qt_event_log.py" line="47" />
        <source>Event</source>
        <translation>事件</translation>
    </message>
</context>
<context>
    <name>QtCameraHealth</name>
    <message>
        <source>Its reference view…</source>
        <translation>基准画面…</translation>
    </message>
    <message>
        <source>Take its present view as the reference</source>
        <translation>以当前画面为基准画面</translation>
    </message>
    <message>
        <location filename="../../console/qt_camera_health.py" line="152" />
        <source> · %1 with a picture fault</source>
        <translation> · 画面异常 %1</translation>
    </message>
    <message>
        <source> · %1 refused the password</source>
        <translation> · 密码被拒 %1</translation>
    </message>
    <message>
        <location filename="../../console/qt_camera_health.py" line="400" />
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../console/qt_camera_health.py" line="400" />
        <source>Cannot write %1: %2. Choose another folder.</source>
        <translation>无法写入 %1：%2。请选择其他文件夹。</translation>
    </message>
    <message>
        <location filename="../../console/qt_camera_health.py" line="400" />
        <source>Exported %1 cameras to %2</source>
        <translation>已导出 %1 路摄像机的状态到 %2</translation>
    </message>
    <message>
        <location filename="../../console/qt_camera_health.py" line="400" />
        <source>Export camera health</source>
        <translation>导出摄像机运行状态</translation>
    </message>
    <message>
        <location filename="../../console/qt_camera_health.py" line="400" />
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../console/qt_camera_health.py" line="272" />
        <source>Filter by org</source>
        <translation>按组织筛选</translation>
    </message>
    <message>
        <location filename="../../console/qt_camera_health.py" line="273" />
        <source>All orgs</source>
        <translation>全部组织</translation>
    </message>
    <message>
        <location filename="../../console/qt_camera_health.py" line="261" />
        <source>%1 cameras · %2 live · %3 connecting · %4 stale or lost · %5 not checked yet</source>
        <translation>共 %1 路 · 在线 %2 · 连接中 %3 · 停滞或离线 %4 · 待巡检 %5</translation>
    </message>
    <message>
        <location filename="../../console/qt_camera_health.py" line="352" />
        <source> · video alarms of %1 not followed</source>
        <translation> · 视频告警未订阅 %1</translation>
    </message>
    <message>
        <location filename="../../console/qt_camera_health.py" line="224" />
        <source>Show on the wall</source>
        <translation>上墙显示</translation>
    </message>
    <message>
        <location filename="../../console/qt_camera_health.py" line="225" />
        <source>Check now</source>
        <translation>立即巡检</translation>
    </message>
</context>
<context>
    <name>QtCameraInfo</name>
    <message>
        <location filename="../../console/qt_camera_window.py" line="80" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../console/qt_camera_window.py" line="81" />
        <source>Camera id</source>
        <translation>摄像机编号</translation>
    </message>
    <message>
        <location filename="../../console/qt_camera_window.py" line="82" />
        <source>Grid</source>
        <translation>所属网格</translation>
    </message>
    <message>
        <location filename="../../console/qt_camera_window.py" line="83" />
        <source>Position (lon, lat)</source>
        <translation>位置（经度, 纬度）</translation>
    </message>
    <message>
        <location filename="../../console/qt_camera_window.py" line="85" />
        <source>ONVIF address</source>
        <translation>ONVIF 地址</translation>
    </message>
    <message>
        <location filename="../../console/qt_camera_window.py" line="88" />
        <source>Model</source>
        <translation>型号</translation>
    </message>
    <message>
        <location filename="../../console/qt_camera_window.py" line="89" />
        <source>Stream state</source>
        <translation>视频流状态</translation>
    </message>
    <message>
        <location filename="../../console/qt_camera_window.py" line="91" />
        <source>FPS / kbit/s</source>
        <translation>帧率 / 码率 kbit/s</translation>
    </message>
    <message>
        <location filename="../../console/qt_camera_window.py" line="95" />
        <source>Reconnects</source>
        <translation>重连次数</translation>
    </message>
    <message>
        <location filename="../../console/qt_camera_window.py" line="113" />
        <source>Camera info</source>
        <translation>摄像机信息</translation>
    </message>
</context>
<context>
    <name>QtCameraTree</name>
    <message>
        <location filename="../../console/qt_camera_tree.py" line="199" />
        <source>Search orgs and cameras…</source>
        <translation>搜索组织或摄像机…</translation>
    </message>
</context>
<context>
    <name>QtCameraWindow</name>
    <message>
        <location filename="../../console/qt_camera_window.py" line="42" />
        <source>Camera — %1</source>
        <translation>摄像机 — %1</translation>
    </message>
</context>
<context>
    <name>QtLoginDialog</name>
    <message>
        <location filename="../../console/qt_login_dialog.py" line="125" />
        <source>Signing in…</source>
        <translation>正在登录…</translation>
    </message>
    <message>
        <location filename="../../console/qt_login_dialog.py" line="92" />
        <source>Sign in — Xueliang Console</source>
        <translation>登录 — 雪亮指挥调度台</translation>
    </message>
    <message>
        <location filename="../../console/qt_login_dialog.py" line="93" />
        <source>Xueliang Command Console</source>
        <translation>雪亮指挥调度台</translation>
    </message>
    <message>
        <location filename="../../console/qt_login_dialog.py" line="94" />
        <source>Comprehensive governance center · video and dispatch</source>
        <translation>综治中心 · 视频监控与事件调度</translation>
    </message>
    <message>
        <location filename="../../console/qt_login_dialog.py" line="95" />
        <source>Demo user</source>
        <translation>演示用户</translation>
    </message>
    <message>
        <location filename="../../console/qt_login_dialog.py" line="96" />
        <source>Login</source>
        <translation>账号</translation>
    </message>
    <message>
        <location filename="../../console/qt_login_dialog.py" line="97" />
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../console/qt_login_dialog.py" line="98" />
        <source>e.g. city_op</source>
        <translation>例如 city_op</translation>
    </message>
    <message>
        <location filename="../../console/qt_login_dialog.py" line="99" />
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../console/qt_login_dialog.py" line="100" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../console/qt_login_dialog.py" line="117" />
        <source>Enter your login.</source>
        <translation>请输入账号。</translation>
    </message>
    <message>
        <location filename="../../console/qt_login_dialog.py" line="123" />
        <source>Wrong login or password.</source>
        <translation>账号或密码错误。</translation>
    </message>
    <message>
        <location filename="../../console/qt_login_dialog.py" line="128" />
        <source>Sign-in refused: %1</source>
        <translation>登录失败：%1</translation>
    </message>
</context>
<context>
    <name>QtMainWindow</name>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Keys and mouse…</source>
        <translation>操作说明…</translation>
    </message>
    <message>
        <source>%1 has no reference view now: its next sound picture becomes it.</source>
        <translation>%1 暂无基准画面：下一幅正常画面将作为基准画面。</translation>
    </message>
    <message>
        <source>%1: its next sound picture becomes its reference view.</source>
        <translation>%1：其下一幅正常画面将作为基准画面。</translation>
    </message>
    <message>
        <source>%1 refused its password: trying it again now.</source>
        <translation>%1 拒绝了密码：正在重新尝试。</translation>
    </message>
    <message>
        <location filename="../../console/window_health.py" line="154" />
        <source>Many cameras down at once: a network, server or password fault? No repair orders are filed for them</source>
        <translation>多路摄像机同时离线：可能是网络、服务器或密码故障？不为其生成报修工单</translation>
    </message>
    <message>
        <location filename="../../console/window_views.py" line="60" />
        <source>Save view…</source>
        <translation>保存视图…</translation>
    </message>
    <message>
        <location filename="../../console/window_views.py" line="60" />
        <source>Save the wall's layout and cameras under a name</source>
        <translation>以一个名称保存电视墙的画面布局和摄像机</translation>
    </message>
    <message>
        <location filename="../../console/window_views.py" line="60" />
        <source>Views</source>
        <translation>视图</translation>
    </message>
    <message>
        <location filename="../../console/window_views.py" line="60" />
        <source>Delete view</source>
        <translation>删除视图</translation>
    </message>
    <message>
        <location filename="../../console/window_views.py" line="60" />
        <source>A view needs a name.</source>
        <translation>视图需要一个名称。</translation>
    </message>
    <message>
        <location filename="../../console/window_views.py" line="60" />
        <source>A view's name has at most %1 characters.</source>
        <translation>视图名称最多 %1 个字符。</translation>
    </message>
    <message>
        <location filename="../../console/window_views.py" line="60" />
        <source>View “%1” saved</source>
        <translation>已保存视图“%1”</translation>
    </message>
    <message>
        <location filename="../../console/window_views.py" line="60" />
        <source>There is no view “%1”.</source>
        <translation>没有名为“%1”的视图。</translation>
    </message>
    <message>
        <location filename="../../console/window_views.py" line="60" />
        <source>View “%1”</source>
        <translation>视图“%1”</translation>
    </message>
    <message>
        <location filename="../../console/window_views.py" line="60" />
        <source>: %1 cameras no longer registered were left out</source>
        <translation>：%1 路已不在册的摄像机未上墙</translation>
    </message>
    <message>
        <location filename="../../console/window_views.py" line="60" />
        <source>View “%1” deleted</source>
        <translation>已删除视图“%1”</translation>
    </message>
    <message>
        <location filename="../../console/window_views.py" line="60" />
        <source>No saved views</source>
        <translation>暂无保存的视图</translation>
    </message>
    <message>
        <location filename="../../console/window_views.py" line="60" />
        <source>Save view</source>
        <translation>保存视图</translation>
    </message>
    <message>
        <location filename="../../console/window_views.py" line="60" />
        <source>Name of the view:</source>
        <translation>视图名称：</translation>
    </message>
    <message>
        <location filename="../../console/window_views.py" line="60" />
        <source>Replace the view “%1”?</source>
        <translation>替换视图“%1”？</translation>
    </message>
    <message>
        <location filename="../../console/window_views.py" line="60" />
        <source>Delete the view “%1”?</source>
        <translation>删除视图“%1”？</translation>
    </message>
    <message>
        <location filename="../../console/window_dispatch.py" line="163" />
        <source>Dispatch database unreachable, the board stopped updating: %1</source>
        <translation>调度数据库无法连接，看板已停止更新：%1</translation>
    </message>
    <message>
        <location filename="../../console/window_dispatch.py" line="169" />
        <source>Dispatch database reachable again; the board is catching up</source>
        <translation>调度数据库已恢复连接，看板正在同步</translation>
    </message>
    <message>
        <location filename="../../console/window_health.py" line="144" />
        <source>%1 is being shown: its state is live already; its picture is examined now.</source>
        <translation>%1 正在显示，状态已实时更新；正在诊断其画面。</translation>
    </message>
    <message>
        <location filename="../../console/window_health.py" line="147" />
        <source>%1 is being checked now.</source>
        <translation>%1 正在巡检。</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="117" />
        <source>Console</source>
        <translation>调度台</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="117" />
        <source>Signed in as %1</source>
        <translation>%1 已登录</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="239" />
        <source>Xueliang Command Console — %1</source>
        <translation>雪亮指挥调度台 — %1</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="242" />
        <source>Orgs and cameras</source>
        <translation>组织与摄像机</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="243" />
        <source>PTZ</source>
        <translation>云台控制</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="244" />
        <source>Event log</source>
        <translation>事件日志</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="245" />
        <source>Camera health</source>
        <translation>摄像机运行状态</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="246" />
        <source>Dispatch board</source>
        <translation>事件调度台</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="247" />
        <source>Incident detail</source>
        <translation>事件详情</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="248" />
        <source>Map</source>
        <translation>地图</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="249" />
        <source>Supervision</source>
        <translation>督办</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="255" />
        <source>%1 tiles</source>
        <translation>%1 画面</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="255" />
        <source>1 tile</source>
        <translation>单画面</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="258" />
        <source>Full screen</source>
        <translation>全屏</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="259" />
        <source>Tour</source>
        <translation>轮巡</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="260" />
        <source>Cycle all cameras through the wall (Ctrl+T)</source>
        <translation>所有摄像机在电视墙上轮巡（Ctrl+T）</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="261" />
        <source>Next tour step</source>
        <translation>下一组</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="262" />
        <source>Snapshot</source>
        <translation>抓拍</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="263" />
        <source>Snapshot of the selected tile (Ctrl+P)</source>
        <translation>抓拍选中画面（Ctrl+P）</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="264" />
        <source>Restore tile</source>
        <translation>还原画面</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="265" />
        <source>Detach wall</source>
        <translation>分离电视墙</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="266" />
        <source>Move the wall to its own window (another monitor)</source>
        <translation>将电视墙移到独立窗口（可拖到其他显示器）</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="267" />
        <source>Find camera</source>
        <translation>查找摄像机</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="268" />
        <source>New incident…</source>
        <translation>新建事件…</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="270" />
        <source>Register a walk-in visit or a 12345 hotline call (Ctrl+N)</source>
        <translation>登记群众来访或 12345 热线事件（Ctrl+N）</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="272" />
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="275" />
        <source>&amp;Console</source>
        <translation>调度台(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="276" />
        <source>&amp;Wall</source>
        <translation>电视墙(&amp;W)</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="277" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="278" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="279" />
        <source> every </source>
        <translation> 间隔 </translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="280" />
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="282" />
        <source>Operator</source>
        <translation>值班员</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="283" />
        <source>Duty officer</source>
        <translation>值班长</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="284" />
        <source>Leader</source>
        <translation>带班领导</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="285" />
        <source>Maintenance</source>
        <translation>运维人员</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="289" />
        <source>Video wall</source>
        <translation>电视墙</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="343" />
        <source>Select a tile first (click it).</source>
        <translation>请先点击选中一个画面。</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="355" />
        <source>Snapshot saved: %1 (sha256 %2)</source>
        <translation>抓拍已保存：%1（sha256 %2）</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="358" />
        <source>attached to %1</source>
        <translation>已作为证据附加到 %1</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="398" />
        <source>The video wall is in its own window. Ctrl+D brings it back.</source>
        <translation>电视墙已在独立窗口中显示，按 Ctrl+D 收回。</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="438" />
        <source>Video signal lost</source>
        <translation>视频信号中断</translation>
    </message>
    <message>
        <location filename="../../console/main_window.py" line="440" />
        <source>Video signal restored</source>
        <translation>视频信号恢复</translation>
    </message>
    <message>
        <location filename="../../console/window_dispatch.py" line="149" />
        <source>Board</source>
        <translation>调度台</translation>
    </message>
    <message>
        <location filename="../../console/window_dispatch.py" line="150" />
        <source>%1 open incidents loaded</source>
        <translation>已加载 %1 件未办结事件</translation>
    </message>
    <message>
        <location filename="../../console/window_dispatch.py" line="129" />
        <location filename="../../console/window_dispatch.py" line="158" />
        <source>Incident</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../console/window_dispatch.py" line="169" />
        <source>Video alarm</source>
        <translation>视频告警</translation>
    </message>
</context>
<context>
    <name>QtMapView</name>
    <message numerus="yes">
        <source>%n camera(s), %1 down: click to zoom in</source>
        <translation><numerusform>%n 台摄像机，%1 台异常：点击放大</numerusform></translation>
    </message>
</context>
<context>
    <name>QtPtzPanel</name>
    <message>
        <source>Let other consoles steer this camera now, not 30 s after your last command</source>
        <translation>现在就让其他控制台可以控制此摄像机，而不必等到您最后一条指令后 30 秒</translation>
    </message>
    <message>
        <source>Release control</source>
        <translation>释放控制权</translation>
    </message>
    <message>
        <source>%1 (%2) is steering this camera; your next command takes it over</source>
        <translation>%1（%2）正在控制此摄像机的云台；您的下一条指令将接管</translation>
    </message>
    <message>
        <source>%1 (%2) is steering this camera for another %3 s; wait, or ask a higher center</source>
        <translation>%1（%2）正在控制此摄像机的云台，还需 %3 秒释放；请稍候或请上级中心接管</translation>
    </message>
    <message>
        <source>You took this camera over from %1 (%2)</source>
        <translation>已从%1（%2）接管此摄像机的云台</translation>
    </message>
    <message>
        <source>The camera refused the password: update it in the camera registry</source>
        <translation>摄像机拒绝了密码：请在摄像机目录中更新</translation>
    </message>
    <message>
        <location filename="../../console/qt_ptz_panel.py" line="206" />
        <source>PTZ command failed: %1</source>
        <translation>云台指令失败：%1</translation>
    </message>
    <message>
        <location filename="../../console/qt_ptz_panel.py" line="212" />
        <source>Go to the home position</source>
        <translation>回到原位</translation>
    </message>
    <message>
        <location filename="../../console/qt_ptz_panel.py" line="213" />
        <source>Go to preset</source>
        <translation>调用预置位</translation>
    </message>
    <message>
        <location filename="../../console/qt_ptz_panel.py" line="214" />
        <source>Zoom</source>
        <translation>变倍</translation>
    </message>
    <message>
        <location filename="../../console/qt_ptz_panel.py" line="215" />
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <location filename="../../console/qt_ptz_panel.py" line="217" />
        <source>Click a tile, or right-click it → PTZ control</source>
        <translation>单击画面，或在画面上右键 → 云台控制</translation>
    </message>
    <message>
        <source>Keys: click a tile, hold the arrows to turn, Page Up/Down to zoom</source>
        <translation>键盘：单击画面后按住方向键转动，Page Up/Page Down 变倍</translation>
    </message>
    <message>
        <source>This camera has no PTZ (a fixed camera)</source>
        <translation>此摄像机没有云台（固定摄像机）</translation>
    </message>
    <message>
        <source>This camera has no ONVIF address in the registry: no PTZ control</source>
        <translation>摄像机登记中没有此摄像机的 ONVIF 地址：无法控制云台</translation>
    </message>
</context>
<context>
    <name>QtDisplayLoadLabel</name>
    <message>
        <location filename="../../console/qt_display_load.py" line="62" />
        <source>Workstation overloaded: %1% of video frames not shown</source>
        <translation>本机负载过高：%1% 的视频帧未能显示</translation>
    </message>
    <message>
        <location filename="../../console/qt_display_load.py" line="65" />
        <source>This computer cannot paint every decoded frame: the wall refreshed %1 times a second of %2. Close other programs or choose a layout with fewer tiles.</source>
        <translation>本机来不及显示全部已解码画面：电视墙每秒刷新 %1 次（应为 %2 次）。请关闭其他程序，或选用画面更少的布局。</translation>
    </message>
</context>
<context>
    <name>QtVideoTile</name>
    <message>
        <source>Lost, retry in %1 min</source>
        <translation>信号中断，%1 分钟后重连</translation>
    </message>
    <message>
        <source>The camera refused the password: update it in the camera registry</source>
        <translation>摄像机拒绝了密码：请在摄像机目录中更新</translation>
    </message>
    <message>
        <location filename="../../console/qt_video_tile.py" line="214" />
        <source>Drag a camera here</source>
        <translation>将摄像机拖到此处</translation>
    </message>
    <message>
        <location filename="../../console/qt_video_tile.py" line="223" />
        <source>%1 fps · %2 kbit/s · %3 reconnects</source>
        <translation>%1 帧/秒 · %2 kbit/s · 重连 %3 次</translation>
    </message>
    <message>
        <location filename="../../console/qt_video_tile.py" line="323" />
        <source>Live</source>
        <translation>实时</translation>
    </message>
    <message>
        <location filename="../../console/qt_video_tile.py" line="325" />
        <source>Stale %1 s</source>
        <translation>画面停滞 %1 秒</translation>
    </message>
    <message>
        <location filename="../../console/qt_video_tile.py" line="328" />
        <source>Lost, retry in %1 s</source>
        <translation>信号中断，%1 秒后重连</translation>
    </message>
    <message>
        <location filename="../../console/qt_video_tile.py" line="331" />
        <source>Lost</source>
        <translation>信号中断</translation>
    </message>
    <message>
        <location filename="../../console/qt_video_tile.py" line="333" />
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../console/qt_video_tile.py" line="334" />
        <source>Connecting</source>
        <translation>连接中</translation>
    </message>
    <message>
        <location filename="../../console/qt_video_tile.py" line="338" />
        <source>No signal</source>
        <translation>无信号</translation>
    </message>
    <message>
        <location filename="../../console/qt_video_tile.py" line="339" />
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
</context>
<context>
    <name>QtVideoWall</name>
    <message>
        <location filename="../../console/qt_video_wall.py" line="253" />
        <source>Snapshot</source>
        <translation>抓拍</translation>
    </message>
    <message>
        <location filename="../../console/qt_video_wall.py" line="255" />
        <source>PTZ control</source>
        <translation>云台控制</translation>
    </message>
    <message>
        <location filename="../../console/qt_video_wall.py" line="257" />
        <source>Open in own window</source>
        <translation>在独立窗口中打开</translation>
    </message>
    <message>
        <location filename="../../console/qt_video_wall.py" line="259" />
        <source>Camera info</source>
        <translation>摄像机信息</translation>
    </message>
    <message>
        <location filename="../../console/qt_video_wall.py" line="262" />
        <source>Restore</source>
        <translation>还原</translation>
    </message>
    <message>
        <location filename="../../console/qt_video_wall.py" line="262" />
        <source>Maximise</source>
        <translation>最大化</translation>
    </message>
    <message>
        <location filename="../../console/qt_video_wall.py" line="264" />
        <source>Remove from wall</source>
        <translation>从电视墙移除</translation>
    </message>
    <message>
        <location filename="../../console/qt_video_wall.py" line="293" />
        <source>Show the whole picture</source>
        <translation>退出电子放大</translation>
    </message>
    <message>
        <location filename="../../console/qt_video_wall.py" line="266" />
        <source>Empty tile</source>
        <translation>空闲画面</translation>
    </message>
</context>
<context>
    <name>PictureCheck</name>
    <message>
        <source>Shaking</source>
        <translation>画面抖动</translation>
    </message>
    <message>
        <source>Scene changed</source>
        <translation>场景变更</translation>
    </message>
    <message>
        <source>the picture shifts %1 px from moment to moment</source>
        <translation>画面时刻间偏移 %1 像素</translation>
    </message>
    <message>
        <source>the view moved %1 % from its reference picture</source>
        <translation>视角较基准画面偏移 %1%</translation>
    </message>
    <message>
        <source>the view matches its reference picture %1, below %2</source>
        <translation>与基准画面相似度 %1，低于 %2</translation>
    </message>
    <message>
        <location filename="../../console/health_picture.py" line="114" />
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../../console/health_picture.py" line="32" />
        <source>No signal</source>
        <translation>无信号</translation>
    </message>
    <message>
        <location filename="../../console/health_picture.py" line="33" />
        <source>Frozen</source>
        <translation>画面冻结</translation>
    </message>
    <message>
        <location filename="../../console/health_picture.py" line="34" />
        <source>Covered</source>
        <translation>遮挡</translation>
    </message>
    <message>
        <location filename="../../console/health_picture.py" line="35" />
        <source>Blurred</source>
        <translation>模糊</translation>
    </message>
    <message>
        <location filename="../../console/health_picture.py" line="36" />
        <source>Too dark</source>
        <translation>过暗</translation>
    </message>
    <message>
        <location filename="../../console/health_picture.py" line="37" />
        <source>Too bright</source>
        <translation>过亮</translation>
    </message>
    <message>
        <location filename="../../console/health_picture.py" line="38" />
        <source>Colour cast</source>
        <translation>偏色</translation>
    </message>
    <message>
        <location filename="../../console/health_picture.py" line="39" />
        <source>Snow</source>
        <translation>雪花噪声</translation>
    </message>
    <message>
        <location filename="../../console/health_picture.py" line="40" />
        <source>Stripes</source>
        <translation>条纹干扰</translation>
    </message>
    <message>
        <location filename="../../console/health_picture.py" line="61" />
        <source>OK</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../console/health_picture.py" line="32" />
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../../console/health_picture.py" line="88" />
        <source>the picture is one flat colour (%1 % of it)</source>
        <translation>画面几乎为单一颜色（占 %1%）</translation>
    </message>
    <message>
        <location filename="../../console/health_picture.py" line="89" />
        <source>the picture did not change in %1 s</source>
        <translation>%1 秒内画面无变化</translation>
    </message>
    <message>
        <location filename="../../console/health_picture.py" line="90" />
        <source>one flat patch covers %1 % of the picture</source>
        <translation>一块均匀区域遮住画面的 %1%</translation>
    </message>
    <message>
        <location filename="../../console/health_picture.py" line="91" />
        <source>sharpness %1, below %2</source>
        <translation>清晰度 %1，低于 %2</translation>
    </message>
    <message>
        <location filename="../../console/health_picture.py" line="92" />
        <source>brightness %1 of 255, below %2</source>
        <translation>亮度 %1/255，低于 %2</translation>
    </message>
    <message>
        <location filename="../../console/health_picture.py" line="93" />
        <source>brightness %1 of 255, above %2</source>
        <translation>亮度 %1/255，高于 %2</translation>
    </message>
    <message>
        <location filename="../../console/health_picture.py" line="94" />
        <source>colour cast %1, above %2</source>
        <translation>偏色度 %1，高于 %2</translation>
    </message>
    <message>
        <location filename="../../console/health_picture.py" line="95" />
        <source>noise %1 levels, above %2</source>
        <translation>噪声 %1 级，高于 %2</translation>
    </message>
    <message>
        <location filename="../../console/health_picture.py" line="96" />
        <source>bands repeat at %1 correlation</source>
        <translation>条纹周期相关度 %1</translation>
    </message>
    <message>
        <location filename="../../console/health_picture.py" line="110" />
        <source>Picture examined at %1</source>
        <translation>画面诊断于 %1</translation>
    </message>
    <message>
        <location filename="../../console/health_picture.py" line="113" />
        <source>Not judged for a frozen picture: the check saw too little of it</source>
        <translation>未判断画面冻结：本次巡检所见画面时间过短</translation>
    </message>
    <message>
        <location filename="../../console/health_picture.py" line="114" />
        <source>Turned by PTZ since its reference view: its next still picture is the new one</source>
        <translation>基准画面之后云台已转动：下一幅静止画面将作为新的基准画面</translation>
    </message>
</context>
<context>
    <name>HealthOrders</name>
    <message>
        <location filename="../../console/health_orders.py" line="39" />
        <source>connection refused</source>
        <translation>连接被拒绝</translation>
    </message>
    <message>
        <location filename="../../console/health_orders.py" line="40" />
        <source>no answer</source>
        <translation>无响应</translation>
    </message>
    <message>
        <location filename="../../console/health_orders.py" line="41" />
        <source>no stream at its address</source>
        <translation>码流地址不存在</translation>
    </message>
    <message>
        <location filename="../../console/health_orders.py" line="42" />
        <source>stream forbidden by the camera</source>
        <translation>摄像机禁止访问该码流</translation>
    </message>
    <message>
        <location filename="../../console/health_orders.py" line="43" />
        <source>the camera keeps ending the stream</source>
        <translation>摄像机反复中断码流</translation>
    </message>
    <message>
        <location filename="../../console/health_orders.py" line="100" />
        <source>no picture</source>
        <translation>无图像</translation>
    </message>
    <message>
        <location filename="../../console/health_orders.py" line="1" />
        <source>Down: %1</source>
        <translation>离线原因：%1</translation>
    </message>
</context>
<context>
    <name>QtReferenceCompare</name>
    <message>
        <source>%1: reference view</source>
        <translation>%1：基准画面</translation>
    </message>
    <message>
        <source>No changed scene found since it was taken.</source>
        <translation>此后未发现场景变更。</translation>
    </message>
    <message>
        <source>Picture found changed, %1</source>
        <translation>发现场景变更的画面，%1</translation>
    </message>
    <message>
        <source>Reference view, taken %1</source>
        <translation>基准画面，摄于 %1</translation>
    </message>
    <message>
        <source>Take the present view as the reference</source>
        <translation>以当前画面为基准画面</translation>
    </message>
</context>
<context>
    <name>QtShortcutsDialog</name>
    <message>
        <source>One console at a time, until 30 s after its last command or until it selects another camera; a higher center, or a higher role at the same level, may take it over</source>
        <translation>同一时间只由一台控制台控制，保持到其最后一条指令后 30 秒或其选择其他摄像机为止；上级中心或同级更高职务可接管</translation>
    </message>
    <message>
        <source>Who steers a camera (PTZ)</source>
        <translation>云台控制权</translation>
    </message>
    <message>
        <source>Keys and mouse</source>
        <translation>操作说明</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Keys or mouse</source>
        <translation>按键或鼠标</translation>
    </message>
    <message>
        <source>Put a camera on a tile</source>
        <translation>把摄像机放到画面上</translation>
    </message>
    <message>
        <source>Drag it from the tree or the map</source>
        <translation>从组织树或地图拖到画面</translation>
    </message>
    <message>
        <source>Swap two tiles</source>
        <translation>交换两个画面</translation>
    </message>
    <message>
        <source>Drag a tile onto another</source>
        <translation>把画面拖到另一个画面上</translation>
    </message>
    <message>
        <source>Select a tile (the tree and the PTZ panel follow)</source>
        <translation>选中画面（组织树和云台控制随之切换）</translation>
    </message>
    <message>
        <source>Click it</source>
        <translation>单击</translation>
    </message>
    <message>
        <source>Maximise a tile, or restore it</source>
        <translation>最大化画面或还原</translation>
    </message>
    <message>
        <source>Double-click it</source>
        <translation>双击</translation>
    </message>
    <message>
        <source>Digital zoom in or out, around the cursor</source>
        <translation>以光标为中心电子放大或缩小</translation>
    </message>
    <message>
        <source>Mouse wheel on a tile</source>
        <translation>在画面上滚动鼠标滚轮</translation>
    </message>
    <message>
        <source>Digital zoom on the selected tile</source>
        <translation>选中画面电子放大</translation>
    </message>
    <message>
        <source>+ and - (0: the whole picture)</source>
        <translation>+ 和 -（0：退出电子放大）</translation>
    </message>
    <message>
        <source>Move a zoomed tile&apos;s view</source>
        <translation>移动放大后的画面</translation>
    </message>
    <message>
        <source>Drag on the zoomed tile</source>
        <translation>在放大的画面上拖动</translation>
    </message>
    <message>
        <source>Move a zoomed view to a place</source>
        <translation>把放大的画面移到某处</translation>
    </message>
    <message>
        <source>Click or drag on its map (lower right)</source>
        <translation>在右下角的小地图上单击或拖动</translation>
    </message>
    <message>
        <source>Turn the selected tile&apos;s camera (PTZ)</source>
        <translation>转动选中画面的摄像机（云台）</translation>
    </message>
    <message>
        <source>Hold the arrow keys</source>
        <translation>按住方向键</translation>
    </message>
    <message>
        <source>Zoom the selected tile&apos;s camera (PTZ)</source>
        <translation>选中画面的摄像机变倍（云台）</translation>
    </message>
    <message>
        <source>Hold Page Up / Page Down</source>
        <translation>按住 Page Up / Page Down</translation>
    </message>
    <message>
        <source>Snapshot, PTZ, own window, info, whole picture</source>
        <translation>抓拍、云台、单独窗口、摄像机信息、退出电子放大</translation>
    </message>
    <message>
        <source>Right-click a tile</source>
        <translation>在画面上右键</translation>
    </message>
    <message>
        <source>Bring back a saved view</source>
        <translation>调出已保存的视图</translation>
    </message>
    <message>
        <source>Ctrl+Alt+1 … 9</source>
        <translation>Ctrl+Alt+1 … 9</translation>
    </message>
</context>
<context>
    <name>PtzSide</name>
    <message>
        <source>PTZ: %1 (%2)</source>
        <translation>云台：%1（%2）</translation>
    </message>
    <message>
        <source>PTZ taken over from %1 (%2)</source>
        <translation>已从%1（%2）接管云台</translation>
    </message>
</context>
</TS>