// Glossary additions written independently of the corpus and the evaluation queries (see
// bench/kb-data/README.md, "Glossary additions"): colloquial English and Chinese for the classes
// of misses, false friends given their own longer terms. Reviewed on merge; terms dropped as
// too broad are listed there. Same line format as the other glossary files.
export const ADDITIONS = `
# Glossary additions for the IT service-desk matcher (bilingual zh-CN / en).
# Format: same as src/core/matching/glossary/*.ts — 'concept[+concept] = term | term | …'.
# A line whose concept already exists ADDS only new terms to it (marked "# add to: <id>").
# Lines marked "# new concept" introduce a concept id that does not exist yet.
# Written by an independent writer from the category list, the classes of misses and the
# existing glossary only (see GLOSSARY-README.md). Every term here was checked against the shipped
# glossary after tokenisation (jieba + the light stemmer) so that it is not a duplicate.

########################################################################################
# 1. COLLOQUIAL SYMPTOMS — English paraphrases and Chinese colloquialisms of states
########################################################################################
# add to: fail  (contractions missing from the negation list, "has no effect" family)
fail = havent | hasnt | hadnt | wouldnt | werent | aint | doesnt work | didnt work | dont work | wont work | no luck | no effect | has no effect | had no effect
fail = 失灵 | 不灵 | 不灵了 | 不管用 | 不起作用 | 没效果 | 没用 | 白搭 | 罢工 | 罢工了
# add to: hang  (frozen / not doing anything / can't click)
hang = froze | locked up | locks up | not doing anything | isnt doing anything | doesnt do anything | does nothing | nothing happens | nothing happened | stopped responding | wont respond | doesnt respond | not reacting | frozen screen | screen froze | screen frozen
hang = 点不动 | 点了没反应 | 点击没反应 | 点了没用 | 一点反应都没有 | 啥反应都没有 | 动不了 | 卡住不动 | 卡在那 | 卡在那里 | 界面卡住 | 画面卡住 | 画面定格 | 冻住 | 冻住了 | 冻屏 | 卡屏 | 死掉了
# add to: spinning  (spinning wheel / hourglass)
spinning = spinning wheel | spinning circle | spinning icon | blue circle | keeps spinning | just spins | hourglass | loading forever | stuck loading | stuck on loading | loading screen | 一直在转 | 转个不停 | 一直转 | 转啊转 | 加载半天 | 沙漏 | 圈圈
# add to: slow
slow = super slow | really slow | very slow | painfully slow | so slow | takes ages | taking ages | taking forever | takes a long time | taking a long time | ages to load | forever to load | sluggishly
slow = 慢得要命 | 慢死了 | 慢吞吞 | 龟速 | 卡得要死 | 卡成狗 | 卡爆了 | 巨卡 | 超卡 | 太卡了 | 卡卡的 | 一卡一卡 | 好久才 | 半天才 | 很久才 | 老半天
# new combos: "takes too long / half a day and nothing" ≈ slow + timeout (+ hang)
slow+timeout = 响应时间太长 | 响应时间过长 | 响应时间长 | 响应慢 | 反应慢 | 反应很慢 | 等了半天 | 等很久都 | took too long | taking too long | too long to respond | took too long to respond
slow+timeout+hang = 半天没反应 | 半天没有反应 | 等半天没反应 | 好久没反应 | 很久没反应 | 半天出不来 | 半天打不开
# add to: timeout
timeout = 响应超时 | 等待超时 | 会话超时 | 网关超时 | 504 | gateway timeout | request timed out | operation timed out | connection timed out
# add to: crash
crash = 秒退 | 一打开就退 | 一打开就关 | 打开就闪退 | 打开就崩 | 自己退出 | 自己关掉 | 直接退出 | 突然退出 | closes by itself | closes itself | just closes | closes immediately | closes right away | opens then closes | quits unexpectedly | shuts itself down
# add to: disconnect  (keeps dropping / kicked off the network)
disconnect = keeps dropping | keeps disconnecting | keeps cutting out | cuts out | cutting out | drops off | dropped off | kicked off the network | keeps kicking me off | 总掉线 | 一直掉线 | 频繁掉线 | 动不动就断 | 隔一会就断 | 过一会就断 | 老是断 | 断了 | 断掉了
# add to: intermittent
intermittent = 时有时无 | 一阵一阵 | 一阵好一阵坏 | 隔三差五 | 三天两头 | 有时行有时不行 | 时灵时不灵 | now and then | every now and then | from time to time | sporadic | sporadically | hit and miss | hit or miss | comes and goes | off and on
# add to: logout  ("kicked me off", forced sign-out)
logout = kicked me off | kicked me out | kicks me out | kicked off | keeps logging me out | logged me out | signs me out | signed me out | booted me out | booted out | 踢出来 | 把我踢出来 | 被踢下线 | 被挤下线 | 挤下线 | 强制下线 | 自动退出登录 | 自动登出 | 自动注销
logout+expired = session expired | session has expired | session timed out | login expired | 会话过期 | 会话已过期 | 登录过期 | 登录已过期 | 登录失效 | 登录超时
# add to: fail+login  ("won't let me in" decomposes to a bare fail because let/me/in are stop words)
fail+login = wont let me in | doesnt let me in | not letting me in | wont let me log in | wont let me sign in | cant get in | couldnt get in | cant get into | login failed | logon failure | logon failed | login failed for user | 18456
fail+login = 进不去系统 | 进不了系统 | 登不进系统 | 登录进不去 | 登录不进去 | 登录不成功 | 一直登录不上 | 登录没反应 | 进不去了 | 登不上去
fail+login+password = 用户名或密码错误 | 用户名或密码不正确 | 用户名密码错误 | 账号或密码错误 | 账号密码错误 | invalid username or password | incorrect username or password | username or password is incorrect | invalid credentials | 01017
# add to: fail+connect  (whole-word Chinese forms; ping failures)
fail+connect = 连不上去 | 连接不了 | 连接不到 | 接不上 | 不通 | 通不了 | 不通了 | 无法ping通 | 拼不通 | ping不通 | wont connect | doesnt connect | not connecting | cant ping | ping fails | destination host unreachable | host unreachable | 目标主机不可达 | 无法访问目标主机
# add to: fail+open / spinning  ("won't load" = cannot open, page stays loading)
fail+spinning = wont load | doesnt load | not loading | failed to load | fails to load | never loads | 加载失败 | 无法加载 | 加载不了 | 刷不出来 | 出不来
# add to: fail+send  (stuck in outbox)
fail+send = stuck in outbox | stuck in the outbox | stuck in my outbox | sitting in outbox | sitting in the outbox | sitting in my outbox | wont send | not sending | didnt send | didnt go through | not going through | 卡在发件箱 | 停在发件箱 | 一直在发件箱 | 发送不了 | 发送不出去 | 发不出去了
# add to: bounce  (bounced back)
bounce = bounced back | bounces back | kicked back | returned to sender | came back undelivered | mailer daemon | postmaster | delivery has failed | couldnt be delivered | could not be delivered | message not delivered | delivery status notification | 被弹回 | 弹回来 | 退回来 | 被退回来 | 退信了 | 邮件被退 | 系统退信
# add to: fail+receive
fail+receive = not receiving | not getting emails | not getting mail | not getting any emails | emails not arriving | not arriving | never arrived | hasnt arrived | havent received | 收不到邮件 | 邮件收不到 | 收不进来 | 没有收到 | 一直没收到
# add to: error
error = 报了个错 | 报错了 | 报个错 | 出了错 | 红字报错 | 红色报错 | 报错信息 | got an error | getting an error | throws an error | threw an error | gives an error | gives me an error | error pops up
# add to: wrong
wrong = 对不上 | 不一致 | 不匹配 | 显示不对 | 数据不对 | 差异 | 无效 | 不合法 | doesnt match | dont match | not matching | inconsistent | discrepancy | invalid | not valid
# add to: missing
missing = 看不到 | 看不见 | cant see | cannot see | 找不着 | 没找到 | 看不到了 | 看不见了 | 不在了 | 凭空消失 | 突然没了 | no longer there | not there anymore | went missing | has gone | has disappeared
# add to: repeat
repeat = 一遍又一遍 | 反反复复 | 一次又一次 | 每次都 | 每次 | 每回 | every time | each time | keeps happening | keeps coming back | happens again
repeat+password = 一直要密码 | 一直让输密码 | 一直弹密码框 | 反复要求输入密码 | 反复弹密码 | 不停要密码 | 老让输密码 | keeps asking for password | keeps asking for my password | keeps prompting for password | keeps prompting for credentials | password prompt keeps coming back | repeated password prompts
# new concept: greyed out (a control that cannot be used)
greyed out = greyed out | grayed out | greyed | grayed | grey out | gray out | not clickable | cant click | unclickable | cant select | disabled button | button disabled | 灰色 | 变灰 | 灰掉 | 灰掉了 | 置灰 | 灰的 | 按钮灰色 | 点不了 | 不可点击 | 不能点 | 无法点击 | 不可选 | 选不了 | 勾选不了 | 勾不上
# new concept: UI form fields (keeps "drop down" away from dropping connections, "check box" away from Box)
form field = 输入框 | 文本框 | 下拉框 | 下拉菜单 | 下拉列表 | 复选框 | 勾选框 | 选项框 | 字段 | 必填项 | drop down | dropdown | drop down list | text box | textbox | check box | checkbox | tick box | field | fields | required field | mandatory field
# new concept: save / unsaved work
save = 保存 | 存盘 | 另存为 | 自动保存 | save | saved | saving | autosave | auto save
fail+save = 保存不了 | 存不了 | 保存失败 | 无法保存 | 存不上 | 保存不上 | cant save | wont save | unable to save | save failed | couldnt save
unsaved = 没保存 | 忘了保存 | 忘记保存 | 未保存 | 没存 | 没来得及保存 | 自动恢复 | unsaved | didnt save | not saved | forgot to save | autorecover | auto recover | document recovery
# new concept: overwrite
overwrite = 覆盖 | 被覆盖 | 覆盖了 | 覆盖掉 | 不小心覆盖 | 替换掉 | 存错了 | overwrite | overwrote | overwritten | overwriting | saved over | replaced the file
recover+version = 版本历史 | 历史版本 | 之前的版本 | 以前的版本 | 上一个版本 | 昨天的版本 | previous version | previous versions | version history | restore previous version | older version
# new concept: corrupt files
corrupt = 损坏 | 已损坏 | 文件损坏 | 文件坏了 | 坏掉了 | 无法读取 | 不可读 | corrupt | corrupted | corruption | damaged file | unreadable | file is damaged
# new concept: refresh
refresh = 刷新 | 刷新一下 | 强制刷新 | 刷新不了 | refresh | refreshed | refreshing | reload | reloaded | hard refresh | f5 | ctrl f5
# new concept: add. NOT listed: added/adding — the stemmer turns them into "ad", which is Active
# Directory in the shipped 'domain' line (see README).
add = 添加 | 新增 | 增加 | 加上 | add | adds
# new concept: submit (forms, approvals, tickets)
submit = 提交 | 递交 | 发起 | 提单 | submit | submits | submitted | submitting | submission
fail+submit = 提交不了 | 提交失败 | 无法提交 | 提交不上 | 提交没反应 | 交不上去 | cant submit | wont submit | unable to submit | submit failed
# new concept: join (meetings, domain has its own phrase)
join = 加入 | 入会 | 进会 | 参会 | 进入会议 | 加入会议 | join | joins | joined | joining
fail+join = 进不了会 | 入不了会 | 进不去会议 | 进不了会议 | 加入不了 | 无法加入 | 入会失败 | 加入失败 | cant join | couldnt join | unable to join | wont let me join
# new concept: physical damage
damage = 摔坏 | 摔了 | 摔坏了 | 掉地上 | 掉地上了 | 摔地上 | 进水 | 进水了 | 泼了水 | 洒了咖啡 | 洒了水 | 屏幕碎了 | 屏碎了 | 碎屏 | 裂了 | 物理损坏 | cracked | cracked screen | screen cracked | broken screen | smashed | dropped it | dropped my laptop | dropped my phone | fell on the floor | spilled | spilt | spill | water damage | liquid damage | physical damage
# new concept: hacked / compromised account
compromised = 被盗号 | 盗号 | 号被盗 | 账号被盗 | 被黑 | 被黑了 | 被入侵 | 入侵 | 异地登录 | 异常登录 | 陌生登录 | 可疑登录 | hacked | been hacked | compromised | account compromised | someone logged into my account | unusual sign in | unusual sign in activity | suspicious sign in | suspicious login | impossible travel

########################################################################################
# 2. NETWORK, VPN, WIFI
########################################################################################
network+slow = 网不好 | 网不行 | 网络不好 | 网络差 | 网很差 | 网很烂 | 网太差 | 网络很慢 | 网好慢 | 网卡了 | 网好卡 | 网太卡 | 网很卡 | 网络卡 | 网络很卡 | 网络卡顿 | slow internet | slow network | slow connection | bad internet | bad connection | poor connection | internet is slow | internet is really slow
network+intermittent = 网络波动 | 网络抖动 | 网络不稳 | 网络不稳定 | 网时好时坏 | 网时有时无 | spotty | patchy | spotty connection | patchy connection | unstable connection | unstable network | spotty wifi
# add to: fail+internet  ("connected, no internet")
fail+internet = 连上了但上不了网 | 已连接但无法上网 | 无internet | 无 internet 访问 | 无网络访问 | 受限 | 有限的访问权限 | connected but no internet | connected no internet | no internet secured | no internet access | limited connectivity | limited access | cant get online | cant get on the internet
dhcp+fail = 获取不到ip | 获取不到地址 | 拿不到ip | 分配不到ip | 没有分配到ip | 自动获取不到 | no ip address | not getting an ip | not getting ip | self assigned ip | self assigned | 169.254
ip+conflict = 检测到ip地址冲突 | ip地址冲突 | 地址已被占用 | duplicate ip | duplicate ip address | address conflict | ip address conflict
dns+fail = 解析不了 | 解析失败 | 解析不到 | 域名解析失败 | dns错误 | nxdomain | server not found | cant resolve | could not resolve | dns probe finished nxdomain | name not resolved
# new concept: mac address (false friend of Mac the computer)
mac address = mac address | mac addresses | mac地址 | 物理地址 | 网卡地址 | mac绑定 | mac binding | physical address | hardware address
# new concept: network adapter / NIC (卡 = card, not "stuck")
nic = 网卡 | 无线网卡 | 有线网卡 | 网卡驱动 | 以太网适配器 | 网络适配器 | 适配器设置 | network adapter | network card | network interface | nic | wireless adapter | wifi adapter | ethernet adapter | adapter settings
# add to: cable
cable = 网口没灯 | 网口灯不亮 | 网口不亮 | 网线松了 | 网线没插好 | 插网线 | 网线坏了 | 墙口 | 网络面板 | 信息点 | unplugged | cable unplugged | network cable unplugged | link light | link lights | wall port | wall jack | network jack | data port
# new concept: network access control / portal authentication
nac = 准入 | 网络准入 | 准入客户端 | 入网认证 | 上网认证 | 认证客户端 | 网页认证 | 门户认证 | 安全准入 | 终端准入 | 802.1x | dot1x | nac | network access control | captive portal | cisco ise | clearpass
# new concept: web filtering (blocked sites) — distinct from proxy configuration
web filter = 上网行为管理 | 行为管理 | 网站被屏蔽 | 网站被封 | 网页被拦截 | 网站被拦截 | 被墙 | 不让访问 | 不让上 | 访问受限 | 内容过滤 | url过滤 | web filter | web filtering | url filtering | content filter | content filtering | site blocked | website blocked | blocked website | blocked site | category blocked | zscaler | websense | forcepoint | bluecoat
# add to: proxy
proxy = 代理认证 | 代理弹窗 | 代理服务器没有响应 | 代理服务器出现问题 | 自动配置脚本 | 自动检测设置 | proxy error | proxy authentication | proxy authentication required | proxy server isnt responding | 407 | wpad | auto config script | automatically detect settings | squid
# add to: latency
latency = delay | delays | delayed | delaying | 卡延迟 | 延迟很高 | 高延迟 | ping很高 | ping值高 | lagging behind | high ping
# add to: vpn
vpn = 拨入 | 外网办公 | 移动办公 | 零信任 | zero trust | ztna | pulse secure | ivanti | openvpn | wireguard | fortinet | fortigate | 飞塔 | sangfor | atrust | 天融信 | split tunnel | split tunneling | full tunnel | vpn client | vpn profile
# new concept: working from home (not forced onto vpn: home printing etc. also says "home")
wfh = 在家办公 | 居家办公 | 远程办公 | 在家 | 家里 | 家里网络 | 家里的网 | 家里wifi | work from home | working from home | wfh | at home | from home | home office | home network | home wifi | home router | working remotely
# add to: remote desktop
remote desktop = 堡垒机 | 跳板机 | 远程不上 | 远程连不上 | 远程桌面连不上 | jump server | jump host | jumpbox | bastion | bastion host | anydesk | horizon | vmware horizon | citrix workspace | citrix receiver
# add to: wifi
wifi = 公司wifi | 办公wifi | 员工wifi | 信号满格 | 满格 | 只有一格 | 一格信号 | 信号不好 | 信号很差 | 信号死角 | 覆盖不到 | 无线接入点 | 接入点 | 无线ap | 无线控制器 | 无线漫游 | 5g频段 | 5ghz | 飞行模式 | eduroam | no bars | one bar | full bars | dead spot | dead zone | poor coverage | wifi coverage | access point | access points | wifi roaming | airplane mode | flight mode
fail+wifi+detect = 搜不到wifi | 找不到wifi | 看不到wifi | wifi不见了 | 搜不到无线 | 找不到无线网络 | 没有wifi列表 | cant see the wifi | cant find the wifi | wifi not showing | ssid not showing | network not showing | wifi network missing
fail+bluetooth = 配对不上 | 配不上 | 配不上对 | 配对失败 | 无法配对 | 连不上蓝牙 | 搜不到蓝牙 | wont pair | cant pair | pairing failed | not pairing | failed to pair

########################################################################################
# 3. WORKPLACE DEVICES — laptops, desktops, monitors, docks, peripherals, OS
########################################################################################
# add to: computer  (brands and model lines)
computer = 联想 | lenovo | thinkpad | thinkcentre | 戴尔 | dell | latitude | optiplex | elitebook | probook | surface | matebook | 华为电脑 | 电脑主机 | 机箱 | 台机
# add to: display
display = 外接屏 | 外屏 | 副显示器 | 第二块屏 | 第二块屏幕 | 第二个屏幕 | 两个屏幕 | 两块屏 | 三屏 | 扩展显示 | 复制显示 | 触摸屏 | 触屏 | second monitor | second display | 2nd monitor | extra monitor | external screen | external display | two monitors | dual screens | extend display | extended display | duplicate display | touchscreen | touch screen
# add to: blank
blank = 屏幕黑了 | 屏黑了 | 屏幕变黑 | 突然黑屏 | 屏幕花了 | 花屏了 | 竖线 | 横线 | 彩线 | 坏点 | 屏幕一闪一闪 | 一闪一闪 | screen went black | screen goes black | screen turned black | lines on the screen | lines across the screen | dead pixel | dead pixels | screen flashing
# new concept: display scaling ("zoom in" is not the Zoom meeting app)
scaling = 缩放 | 显示比例 | 字太小 | 字体太小 | 图标太大 | 图标太小 | 放大 | 缩小 | scaling | display scaling | zoom in | zoomed in | zoom out | zoomed out | zoom level | text too small | text size | dpi | too small
# new concept: video cables and adapters (HDMI etc.)
video cable = 视频线 | hdmi | hdmi线 | vga | vga线 | displayport | dp线 | dvi | 转接线 | 转换线 | 投屏线 | hdmi cable | video cable | display cable
# add to: dock
dock = 坞站 | 扩展底座 | 雷电 | 雷电口 | 集线器 | usb集线器 | 扩展器 | thunderbolt | port replicator | docking port
# new concept: peripherals generally
peripheral = 外设 | 外接设备 | 周边设备 | 配件 | 罗技 | logitech | peripheral | peripherals | accessories | accessory
# add to: keyboard
keyboard = 键盘失灵 | 按键失灵 | 打不了字 | 打字没反应 | 数字键 | 小键盘 | 大小写 | 键盘进水 | numlock | num lock | caps lock | keys not working | key stuck | sticky keys | typing wrong characters | wont type | cant type
# new concept: keyboard shortcuts — "hot key" is not overheating
hotkey = 快捷键 | 组合键 | 热键 | hotkey | hotkeys | hot key | hot keys | keyboard shortcut | keyboard shortcuts | ctrl | fn key
# new concept: desktop icons / taskbar ("desktop" the screen, not the desktop computer)
icon = 桌面图标 | 图标 | 快捷方式 | 任务栏 | 开始菜单 | 托盘 | 右下角 | desktop icons | desktop icon | icon | icons | shortcut | shortcuts | desktop shortcut | taskbar | start menu | system tray | notification area
# add to: mouse
mouse = 鼠标乱跑 | 鼠标乱动 | 鼠标乱跳 | 鼠标飘 | 鼠标不动 | 光标乱跳 | 鼠标失灵 | 鼠标没反应 | cursor jumping | mouse jumping | cursor moves by itself | mouse moving by itself | ghost clicks
# add to: power
power = 电源键 | 开机键 | 电源按钮 | 指示灯 | 充电口 | 充电灯 | 电池鼓包 | 鼓包 | 掉电快 | 耗电快 | 续航 | 电量 | 充不满 | 不充电 | 充不了电 | 充不上电 | 不能充电 | power button | power light | charging port | battery drains | battery drain | battery life | swollen battery | battery swelling | not charging | wont charge | doesnt charge | plugged in not charging
fail+boot = 没反应开不了机 | 按开机键没反应 | 按电源键没反应 | 插电没反应 | 进不了桌面 | 进不去桌面 | wont power on | doesnt power on | wont turn on at all | completely dead | no power | no bootable device | operating system not found | bootmgr is missing
# add to: boot
boot = 安全模式 | 自动修复 | 正在准备自动修复 | 启动项 | 引导 | bios | uefi | safe mode | automatic repair | preparing automatic repair | boot menu | startup repair | recovery mode
hang+boot = 卡在开机画面 | 卡在启动界面 | 卡在开机界面 | 卡logo | 卡在logo | stuck on the logo | stuck at the logo | stuck on logo | stuck on boot | stuck at boot | stuck on boot screen
hang+login = 卡在登录界面 | 卡在欢迎界面 | 卡在欢迎 | stuck on welcome | stuck at welcome | stuck on welcome screen | stuck on login screen | stuck at login screen
hang+update = 一直在更新 | 更新卡住 | 卡在更新 | 正在配置更新 | 请勿关闭计算机 | 更新到一半 | working on updates | dont turn off your computer | stuck on updating | update stuck | stuck updating | stuck on update
restart+repeat = 一直重启 | 自动重启 | 无限重启 | 反复重启 | 循环重启 | 重启循环 | 不停重启 | keeps restarting | keeps rebooting | restart loop | reboot loop | boot loop | bootloop
# new concept: sleep / power saving
sleep = 休眠 | 睡眠 | 待机 | 待机模式 | standby mode | 睡眠模式 | 合盖 | 合上盖子 | 合盖后 | 唤醒 | 唤醒不了 | sleep | sleep mode | hibernate | hibernation | wake up | wont wake | wake from sleep | close the lid | closing the lid | lid closed
# new concept: reimage / reinstall the OS (格式化 = format a disk, not text formatting)
reimage = 重装系统 | 重做系统 | 装系统 | 重装 | 格式化 | 恢复出厂 | 恢复出厂设置 | 出厂设置 | reimage | re image | reimaged | rebuild | reinstall windows | fresh install | wipe and reload | factory reset | format the drive | format disk | reformat
# new concept: Windows user profile (not an SAP authorization profile)
user profile = 用户配置文件 | 临时配置文件 | 临时账户 | 临时用户 | 临时桌面 | 桌面空了 | 桌面文件没了 | user profile | temporary profile | temp profile | roaming profile | corrupt profile | corrupted profile | user profile service | profile service
# new concept: graphics card (卡 = card)
gpu = 显卡 | 独显 | 集显 | 独立显卡 | 显卡驱动 | gpu | graphics card | graphics | video card | nvidia | 英伟达 | radeon | intel graphics
# add to: driver
driver = 驱动没装 | 驱动装不上 | 装驱动 | 更新驱动 | 驱动异常 | 感叹号 | 黄色感叹号 | 设备管理器 | device manager | yellow exclamation | yellow triangle | driver update | driver missing | missing driver | no driver | driver not found
# add to: windows / mac
windows = win | 视窗 | 微软系统 | windows xp | windows server | 资源管理器 | file explorer | explorer
mac = mac os | sonoma | ventura | monterey | big sur | finder | 访达 | 启动台 | launchpad | spotlight
# add to: hardware
hardware = 硬件坏了 | 内存坏了 | 加内存 | 送修 | 报修 | 换屏 | 换电池 | 换键盘 | 硬盘坏了 | 坏道 | bad sector | bad sectors | hardware failure | faulty | defective | send for repair

########################################################################################
# 4. PRINTERS, SCANNERS, COPIERS
########################################################################################
# add to: printer  (复合机 = MFP; vendor names)
printer = 复合机 | 数码复合机 | 复印一体机 | 打复一体机 | 多功能机 | 打印复印一体机 | 影印机 | 复印 | 复印件 | 理光 | 柯尼卡 | 柯美 | 京瓷 | 施乐 | 富士施乐 | 佳能 | 奔图 | 爱普生 | ricoh | konica | konica minolta | kyocera | xerox | fuji xerox | canon | lexmark | epson | photocopier | photocopy | copy machine | multi function | multi function device | mfd | default printer | 默认打印机 | 共享打印机 | 网络共享打印机 | shared printer | printer sharing
printer+add = 添加打印机 | 加打印机 | 装打印机 | 连打印机 | 安装打印机 | add printer | add a printer | install printer | install a printer | map printer | map a printer
printer+fail+detect = 找不到打印机 | 打印机找不到 | 搜不到打印机 | 打印机不见了 | cant find printer | cant find the printer | printer not showing | printer not found | printer missing
# add to: fail+print
fail+print = 打印不出来了 | 打不出东西 | 打印没反应 | 点打印没反应 | 不出纸 | 出不来纸 | 不出纸了 | wont print | not printing | nothing prints | nothing comes out | nothing came out | doesnt print | job disappears
# add to: paper jam
paper jam = 纸卡在里面 | 纸夹住了 | 吃纸 | 纸皱了 | 卷纸 | paper keeps jamming | paper stuck inside | eats paper | eating paper | chewing paper | crumpled
# add to: scan  (segmentation-sensitive whole words)
scan = 扫完 | 扫完了 | 扫描完 | 扫描完了 | 扫一下 | 扫出来 | 扫到 | 扫到邮箱 | 扫到电脑 | 扫到共享 | 扫描到电脑 | 扫描文件 | 扫描后 | 扫描软件 | twain | wia | scanned to | scanned document | scanned documents | scan to pc
fail+scan = 扫不了 | 扫描不了 | 扫不出来 | 扫描不出来 | 扫描失败 | 无法扫描 | 扫描没反应 | 扫描收不到 | wont scan | cant scan | scanning not working | scan not arriving | scans not arriving | scan failed
# add to: garbled
garbled = 一堆乱码 | 打出乱码 | 打印乱码 | 全是乱码 | 小方块 | 显示方框 | random characters | random symbols | garbage characters | strange characters | symbols instead of text | boxes instead of text | prints gibberish
# new concept: print layout / page setup
print layout = 纸张大小 | 尺寸不对 | 页边距 | 打印不全 | 打印缺字 | 只打印一半 | 打出来一半 | 字被截断 | 打印模板 | 打印格式 | 套打 | 打印预览 | cut off | cuts off | partially printed | margins | paper size | page size | letter size | print template | print preview | page setup
# new concept: secure / follow-me printing
secure print = 安全打印 | 跟随打印 | 保密打印 | 打印释放 | 刷卡打印 | pull printing | follow me | followme | follow me printing | secure print | secure printing | print release | papercut | uniflow | release station

########################################################################################
# 5. PHONES — desk phones, softphones, mobiles, MDM
########################################################################################
# add to: desk phone  (号码 ≈ extension, softphone clients, phone vendors)
desk phone = 号码 | 电话号码 | 分机号码 | 短号 | 内线 | 内线电话 | 座机号 | 座机号码 | 工位电话 | 桌面电话 | 软电话 | 亿联 | yealink | polycom | avaya | jabber | cisco jabber | zoiper | 3cx | ext | extension number | phone number | direct line | ddi | did number | phone line
# add to: call
fail+call = 打不通 | 拨不通 | 拨不出去 | 打不出电话 | 没有拨号音 | 没拨号音 | 无拨号音 | 电话不通 | no dial tone | calls fail | calls dropping | call failed | cant make calls | cant call out | cant receive calls
call = 占线 | 忙音 | 未接来电 | 未接 | 代答 | 代接 | 回拨 | 三方通话 | 电话会议 | busy signal | busy tone | line busy | missed call | missed calls | call back | call pickup | pickup group | conference call | straight to voicemail | goes to voicemail
call+sound = 单通 | 单向通话 | 一边听不到 | one way audio | one way sound
ring = 响铃 | 振铃 | 铃声 | 来电铃声 | ring | rings | ringing | ringtone
fail+ring = 不响铃 | 不响 | 没铃声 | 来电不响 | doesnt ring | not ringing | wont ring | phone doesnt ring
# add to: mobile  ("on my phone" = the mobile, not a call)
mobile = 手机端 | 手机上 | 手机版 | app端 | 移动版 | 鸿蒙 | harmonyos | on my phone | on my iphone | on my mobile | on my android | phone app | mobile app | mobile version
mobile+new device = 换手机 | 换了手机 | 新手机 | 手机换了 | new phone | got a new phone | changed my phone | changed phones | replaced my phone | phone replaced | lost my phone
mobile+sim = 手机没信号 | 手机卡没信号 | 手机信号差 | 没有服务 | 无服务 | 电话卡 | no service | no bars on my phone | mobile data | cellular | cellular data | 移动数据 | 4g
# add to: mdm
mdm = 设备合规 | 不合规 | 合规性 | 条件访问 | 工作资料 | 受管应用 | 应用保护 | 远程擦除 | 擦除设备 | workspace one | airwatch | mobileiron | emm | compliance | compliant | noncompliant | non compliant | not compliant | device compliance | conditional access | work profile | managed apps | app protection | remote wipe | wipe device | managed by your organization
# new concept: lost / stolen device
lost device = 手机丢了 | 电脑丢了 | 笔记本丢了 | 被偷 | 被盗 | 失窃 | 丢在 | stolen | theft | lost my laptop | laptop stolen | phone stolen | left it in a taxi

########################################################################################
# 6. ACCOUNTS, PASSWORDS, MFA, PERMISSIONS
########################################################################################
account+locked = 账号被锁 | 账号锁定 | 账号锁了 | 账户锁定 | 账户被锁 | 帐号被锁 | 帐号锁定 | 账号被冻结 | 账号冻结 | 锁号 | account locked | account is locked | account locked out | account frozen | locked out of my account | ora 28000
locked = 输错密码太多次 | 密码输错多次 | 输错了好几次 | 输错多次 | 试了好几次 | too many attempts | too many failed attempts | too many tries | too many login attempts | tried too many times | locked me out
password+wrong = 密码不对 | 密码不正确 | 密码错了 | 输错密码 | 密码输错 | wrong password | incorrect password | password incorrect | password is incorrect | password doesnt work | password not accepted | rejects my password | password rejected
password+expired = 密码到期 | 密码过期了 | 密码快过期 | 要求改密码 | 提示修改密码 | 提示改密码 | 强制改密码 | 让我改密码 | 必须修改密码 | must change password | password must be changed | asked to change my password | prompting me to change password | password expiring | password has expired | ora 28001
# new concept: password policy / complexity
password policy = 复杂度 | 密码复杂度 | 密码规则 | 密码策略 | 不符合要求 | 密码不符合要求 | 不能和之前一样 | 历史密码 | password policy | complexity | complexity requirements | doesnt meet requirements | does not meet the requirements | password history | same as previous | previous password
# add to: forgot
forgot = 记不清 | 忘掉了 | 想不起 | dont remember | do not remember | cant recall | dont know my password
# add to: mfa
mfa = 验证器 | 手机验证 | 短信验证 | 动态验证码 | 认证码 | 安全码 | 短信 | authenticator app | microsoft authenticator | google authenticator | approve sign in | approve the request | number matching | 数字匹配 | 批准登录 | security code | sms | text message | text messages | keeps asking for code | keeps asking for a code
# new concept: authentication (generic)
auth = 认证 | 身份认证 | 身份验证 | 鉴权 | authentication | authenticate | authenticated | authenticating | auth
fail+auth = 认证失败 | 验证失败 | 身份验证失败 | 鉴权失败 | authentication failed | auth failed | authentication failure | failed to authenticate
# new concept: saved credentials (凭据 credential ≠ 凭证 accounting voucher)
credential = 凭据 | 凭据管理器 | 凭证管理器 | 保存的密码 | 记住密码 | 记住的密码 | 钥匙串 | credential manager | credentials | saved password | saved passwords | cached credentials | remembered password | windows credentials | keychain
# new concept: local admin rights / elevation
admin = 管理员 | 管理员权限 | 本地管理员 | 管理员账号 | 管理员密码 | 以管理员身份运行 | 提权 | 用户账户控制 | admin | admins | administrator | administrators | admin rights | admin access | admin password | local admin | run as admin | run as administrator | elevated | elevation | uac | user account control
request+permission = 权限申请 | 申请权限 | 开权限 | 开通权限 | 加权限 | 给权限 | 开个权限 | 要权限 | request access | need access to | grant access | give me access | access request
# new concept: read-only / cannot edit
read only = 只读 | 只读模式 | 只能看 | 只能查看 | 编辑不了 | 不能编辑 | 无法编辑 | 改不了 | 受保护的视图 | 启用编辑 | cant edit | cannot edit | unable to edit | read only | readonly | view only | protected view | enable editing
# new concept: in use / locked by another user (file or ERP record lock — NOT an account lock)
in use = 被占用 | 文件被占用 | 正在使用 | 被另一个程序使用 | 另一个进程正在使用 | 别人在用 | 别人打开着 | 被其他用户锁定 | 网络互斥 | 互斥 | 单据被锁 | 单据被占用 | in use | file in use | in use by another user | locked for editing | locked by another user | locked by user | being used by another process | checked out | sm12

########################################################################################
# 7. EMAIL AND CALENDAR
########################################################################################
mailbox+full = 邮箱满了 | 邮箱已满 | 邮箱满 | 邮箱空间不足 | 邮箱容量不足 | 邮箱爆了 | 邮箱快满 | mailbox full | mailbox is full | mailbox almost full | mailbox size | mailbox over quota | mailbox quota
# add to: mailbox
mailbox = 企业邮箱 | 腾讯企业邮 | 企业邮 | 阿里邮箱 | 网易邮箱 | qq邮箱 | 手机邮箱 | 邮箱app | mail app | apple mail | gmail
# new concept: mail protocols / client setup
mail protocol = imap | pop3 | smtp | activesync | exchange activesync | autodiscover | 自动发现 | 收件服务器 | 发件服务器 | 收发服务器 | 邮件服务器 | mail server | incoming server | outgoing server | smtp server
# new concept: external recipients / guests
external = 外部 | 外部邮件 | 外部人员 | 外部用户 | 外部联系人 | 公司外 | 对外 | 外部共享 | 来宾 | 访客账号 | external | externally | outside the company | external users | external recipients | external sharing | share externally | guest access | guest user | guest users
# new concept: delegate (代理人 delegate ≠ 代理 proxy)
delegate = 代理人 | 委托 | 委托人 | 代理访问 | 代发 | 代为 | 以他人身份发送 | delegate | delegates | delegation | delegate access | send on behalf | on behalf of | send as
# add to: calendar
calendar = 共享日历 | 日历权限 | 看不到日历 | 忙闲 | 空闲忙碌 | shared calendar | calendar permissions | free busy | availability | scheduling assistant
# add to: meeting room
meeting room = 会议室预订 | 订会议室 | 预约会议室 | 会议室预约 | 投影仪 | 投影 | 投影机 | 会议平板 | 电子白板 | 智慧屏 | 大屏 | maxhub | 希沃 | clickshare | book a room | room booking | projector | beamer | smart board | whiteboard | tv | television
# add to: archive  (mail archive)
archive = 自动存档 | 存档文件夹 | 在线存档 | 邮件归档 | online archive | auto archive | autoarchive | in place archive
# add to: email
email = 已读回执 | 送达回执 | 邮件延迟 | read receipt | delivery receipt | emails delayed | delayed emails | late emails
# add to: spam / blocked
spam = 拉黑 | 黑名单 | 屏蔽发件人 | 垃圾邮件过滤 | blacklist | blocklist | blacklisted | blocked sender | blocked senders | spam filter
# add to: outlook
outlook = 正在加载配置文件 | 加载配置文件 | loading profile | stuck on loading profile | outlook profile | new outlook | classic outlook

########################################################################################
# 8. COLLABORATION — Teams / meetings / SharePoint / OneDrive / sharing
########################################################################################
# new concept: presence status
presence = 在线状态 | 状态显示 | 显示离开 | 离开状态 | 显示忙碌 | 勿扰 | 请勿打扰 | presence | presence status | my status | teams status | shows away | showing away | appears away | do not disturb | dnd
# new concept: channels / group chats
channel = 频道 | 私有频道 | 群聊 | 拉群 | 建群 | 工作群 | 群消息 | channel | channels | group chat | group chats | team channel | private channel
feishu = 飞书 | lark | feishu
slack = slack | slack channel | slack workspace
# add to: video meeting
video meeting = skype | skype for business | lync | 小鱼易连 | 好视通 | 全时 | 飞书会议 | google meet | gotomeeting | bluejeans | 会议号 | 会议链接 | 会议id | meeting link | meeting id | join link | lobby | waiting room | 等候室
# add to: meeting  (meeting host — not a server host)
meeting = 主持人 | 主持人密钥 | 联席主持人 | meeting host | host key | make me host | co host | cohost | 会中 | 入会密码 | meeting passcode
# new concept: recordings / transcripts
recording = 录制 | 录屏 | 屏幕录制 | 会议录制 | 会议录像 | 云录制 | 录音 | 通话录音 | 字幕 | 转写 | recording | recordings | screen recording | meeting recording | call recording | transcript | transcription | captions
# add to: microphone
microphone = 别人听不见我说话 | 对方听不见 | 说话对方听不到 | 麦克风没声音 | 麦没声音 | 闭麦 | 开麦 | 麦克风被禁用 | no one can hear me | nobody can hear me | people cant hear me | mic not working | microphone not working | unmute | cant unmute
# add to: sound
sound = 没声音 | 没有声音 | 无声音 | 声音小 | 声音很小 | 声音太小 | 音量小 | 音量 | 声卡 | no sound | no audio | sound not working | audio not working | cant hear anything | too quiet | low volume | volume too low | sound card
sound+intermittent = 声音断断续续 | 声音一卡一卡 | 声音卡顿 | 吞字 | 机器人声 | 机器人声音 | choppy | choppy audio | robotic | robotic voice | robot voice | breaking up | audio breaking up | voice breaking up
# add to: camera
camera = 看不到我 | 别人看不到我 | 对方看不到我 | 开不了视频 | 开不了摄像头 | 摄像头被占用 | 前置摄像头 | 摄像头权限 | cant see me | they cant see me | no one can see me | camera not working | webcam not working | camera in use | camera privacy | background blur | 背景虚化 | 虚拟背景 | virtual background
# add to: headset
headset = 耳机孔 | 耳机口 | 耳机插孔 | 头戴式 | headphone jack | audio jack | jabra | 捷波朗 | plantronics | 缤特力
# new concept: sharing links (分享 is not mapped; 共享 alone goes to shared drive)
share = 分享 | 分享给 | 共享给 | 分享链接 | 共享链接 | 外链 | 与我共享 | share with | shared with | shared with me | share link | sharing link | shared link | anyone with the link | sharing permissions
# new concept: online co-authoring documents
online doc = 在线文档 | 云文档 | 共享文档 | 协同编辑 | 多人编辑 | 同时编辑 | 腾讯文档 | 石墨文档 | 金山文档 | 飞书文档 | 语雀 | confluence | wiki | co authoring | coauthoring | co author | real time editing | collaborative editing | edit at the same time | online document | google docs
# add to: cloud drive
cloud drive = one drive | onedrive for business | 企业网盘 | 百度网盘 | 百度云盘 | 阿里云盘 | 亿方云 | google drive | icloud | icloud drive | 云朵图标 | 蓝色云朵 | 云图标 | 仅联机 | 按需文件 | files on demand | online only | cloud icon | always keep on this device | free up space
sync+conflict = 同步冲突 | 冲突副本 | 冲突文件 | sync conflict | conflict copy | conflicting copy | sync pending | 同步挂起 | processing changes | 正在处理更改
# add to: sharepoint
sharepoint = sharepoint online | sharepoint site | 团队网站 | 文档中心 | 站点权限 | site permissions | site owner | 站点所有者
# new concept: large files / file transfer ("transfer files" is not an HR transfer)
large file = 大文件 | 文件太大 | 文件过大 | 太大了 | 超过大小限制 | 超大 | too large | too big | file too large | file too big | file size | large file | large files | big file | big files
file transfer = 传文件 | 文件传输 | 发文件 | 大文件传输 | 文件中转站 | 中转站 | wetransfer | file transfer | transfer files | transfer a file | send files | send a large file | ftp | sftp | filezilla
# new concept: format / layout of documents (格式化 is in reimage)
format = 格式 | 格式不对 | 格式错误 | 格式乱了 | 排版 | 排版乱了 | 排版错乱 | 样式 | 字体 | 缺字体 | 字体缺失 | formatting | format | formatted | layout | font | fonts | missing font | missing fonts
convert = 转换 | 转成 | 转为 | 格式转换 | 转pdf | 转成pdf | pdf转word | convert | converted | converting | conversion | save as pdf | print to pdf | convert to pdf

########################################################################################
# 9. BUSINESS APPS — OA, HR, expense, CRM, BI, ERP
########################################################################################
# add to: approval
approval = 审批卡住 | 卡在审批 | 审批不了 | 批不了 | 转审 | 转交 | 加签 | 催办 | 待审批 | 待我审批 | 审批中 | 审批流程 | stuck in approval | awaiting approval | waiting for approval | approval pending | needs approval | reassign approver | approver left
# new combo: approval sent back (退回 in email is a bounce)
approval+refused = 驳回 | 被驳回 | 打回 | 被打回 | 退回修改 | 审批退回 | 审批被拒 | 审批不通过 | rejected by approver | sent back | returned for revision | approval rejected
# add to: oa
oa = seeyon | 致远oa | 泛微oa | weaver | landray | 通达 | 云之家 | 华天动力 | 公文 | 用印 | 用印申请
# add to: expense
expense = 报账 | 借支 | 备用金 | 补贴 | 餐补 | 小票 | 收据 | 贴票 | 公务卡 | 信用卡 | 费控 | 每刻 | 汇联易 | corporate card | company card | credit card | per diem | receipt | receipts | mileage | concur
# add to: invoice
invoice = 发票验真 | 发票查验 | 验真 | 发票重复 | 发票已报销 | 全电发票 | 数电发票 | 数电票 | 专票 | 普票 | invoice verification | duplicate invoice
# add to: hr / attendance
hr = 年假 | 假期余额 | 调休 | 加班 | 排班 | 社保 | 公积金 | 在职证明 | 收入证明 | 劳动合同 | 员工信息 | 个人信息 | annual leave | leave balance | pto | overtime | roster | benefits | employee profile | personal information | successfactors
attendance = 打不了卡 | 打卡失败 | 漏打卡 | 忘打卡 | 忘记打卡 | 补签 | 考勤机 | 打卡机 | 指纹机 | 人脸识别打卡 | 指纹打卡 | 刷脸打卡 | 刷脸 | 考勤异常 | 迟到 | 早退 | missed punch | forgot to clock in | time clock | timeclock
# add to: crm
crm = salesforce | sfdc | 纷享销客 | 销售易 | 客户信息 | 客户资料 | 线索 | 拜访记录 | 报价 | 报价单 | quote | quotes | quotation | pipeline | hubspot | dynamics crm | customer record | crm account | customer account
# add to: report  (BI)
report = 看板 | 仪表盘 | 仪表板 | 数据看板 | 帆软 | finereport | finebi | tableau | qlik | qlikview | cognos | 取数 | bi报表 | 报表跑不出来 | report wont load | report not refreshing
# add to: erp  (product lines of SAP, Oracle, Kingdee 金蝶, Yonyou 用友)
erp = 金蝶云 | 星空 | 金蝶云星空 | 云星空 | 苍穹 | kis | 精斗云 | u9 | ncc | yonbip | yonsuite | 畅捷通 | 好会计 | netsuite | jde | jd edwards | oracle erp | oracle fusion | s4hana | hana | ecc | business one
# new concept: general ledger / finance objects (资产卡片 = asset card, not 卡 "stuck")
ledger = 科目 | 会计科目 | 总账 | 明细账 | 应收 | 应付 | 应收账款 | 应付账款 | 固定资产 | 折旧 | 资产卡片 | general ledger | gl account | ledger | accounts payable | accounts receivable | fixed asset | fixed assets | depreciation
# new concept: reversal / unposting in ERP
reversal = 反审核 | 弃审 | 反过账 | 冲销 | 红冲 | 冲红 | 反结账 | 反记账 | 作废 | 删单 | reverse | reversal | reversed | reverse posting | cancel posting | void | voided | unpost
# add to: material  (batch number ≠ batch job)
material = 批次 | 批次号 | 批号 | 物料清单 | bom | batch number | lot number | bill of materials
# add to: batch job
batch job = 定时任务没跑 | 任务没执行 | 作业失败 | job failed | job didnt run | job not running | scheduler

########################################################################################
# 10. DATABASE, SERVER, STORAGE, BACKUP
########################################################################################
# add to: log  (database transaction logs)
log = 事务日志 | 日志满 | 日志文件满 | transaction log | transaction log full | binlog | redo log | redo | undo | ldf
# add to: backup
backup = 备份没跑 | 备份没成功 | 异地备份 | 容灾 | 灾备 | 备份一体机 | rman | dump | mysqldump | expdp | impdp | 数据泵 | commvault | veritas | netbackup | backup exec | acronis | 爱数 | time machine | 时间机器 | disaster recovery
# add to: replication
replication = 主从延迟 | 从库延迟 | 同步延时 | replication lag | replica lag | always on | alwayson | 高可用 | high availability
# new concept: web / application servers and HTTP 5xx
webserver = nginx | iis | tomcat | apache | weblogic | websphere | jboss | 中间件 | 应用服务器 | middleware | web server | application server | app server
error+server = 500 | 502 | 503 | bad gateway | service unavailable | internal server error | 内部服务器错误 | 服务不可用 | 网关错误
service+down = 服务停了 | 服务停止 | 服务挂了 | 服务没起来 | 服务起不来 | 服务启动失败 | 服务启动不了 | service stopped | service not running | service wont start | service failed to start | service crashed | stopped running | not running | isnt running
# add to: disk+full
disk+full = 磁盘告警 | 磁盘使用率 | 磁盘使用率高 | 磁盘空间告警 | 空间告急 | disk usage | disk utilisation | disk utilization | disk space alert | running out of space | almost full
# new concept: expand capacity (disk, volume, quota)
expand = 扩容 | 加磁盘 | 扩磁盘 | 扩盘 | 扩展磁盘 | 增加空间 | 加空间 | 扩大 | expand | expanded | expand disk | extend disk | extend volume | expand volume | increase disk | add space | more space | resize | enlarge
expand+quota = 增加配额 | 提高配额 | 加大配额 | 调整配额 | 扩大容量 | increase quota | more quota | quota increase | raise quota | increase mailbox size
# add to: vm
vm = 云服务器 | 阿里云 | 腾讯云 | 华为云 | aws | ec2 | openstack | 私有云 | 公有云 | 超融合 | nutanix | proxmox | 虚拟服务器 | virtual server | cloud server | cloud vm
# add to: certificate
certificate = 您的连接不是私密连接 | 连接不是私密连接 | 证书无效 | 证书不受信任 | 证书续期 | your connection is not private | not private | privacy error | net err cert | cert authority invalid | certificate expired | cert expired
# new concept: renew (certificates, licences, domains)
renew = 续期 | 续签 | 续费 | 延期 | 更新证书 | renew | renewal | renewed | renewing
# new concept: data-centre power and facilities
power outage = ups电源 | 不间断电源 | ups battery | 停电 | 断电 | 跳闸 | 来电后 | 机房 | 机柜 | 空调故障 | power outage | power cut | power failure | blackout | server room | data center | datacenter | idc | rack
# add to: shared drive  (S盘/Z盘 style names — see README: the letter is dropped by the tokenizer)
# 网盘 is DELIBERATELY also in shipped 'cloud drive': colloquially it names either a mapped drive or a cloud drive.
shared drive = 网盘 | 共享空间 | 公共文件夹 | 部门共享 | 共享文件 | 公司共享 | 共享服务器 | 文件共享 | 网上邻居 | 网络邻居 | 网络位置 | 群晖 | 群辉 | synology | qnap | 威联通 | nfs | cifs | dfs | network share | network folder | network location | shared network drive | team drive | department drive | public drive | common drive | group drive | home drive | home folder
# add to: map
map = 盘符 | 盘符不见了 | 映射丢失 | 重新映射 | 断开的网络驱动器 | drive letter | drive letters | disconnected network drive | red cross
# new concept: storage arrays (SAN)
storage array = 磁盘阵列 | 阵列 | 存储设备 | 存储阵列 | 存储柜 | raid | san | lun | iscsi | netapp | dell emc | isilon | storage array | storage system
# new concept: recycle bin / deleted items
recycle bin = 回收站 | 垃圾桶 | 已删除邮件 | 已删除项目 | 已删除文件 | 可恢复的项目 | 最近删除 | recycle bin | recycle | trash | bin | deleted items | recoverable items | recently deleted

########################################################################################
# 11. SECURITY
########################################################################################
# add to: phishing
phishing = 中招 | 被骗 | 上当 | 冒充 | 冒充领导 | 假冒 | 假邮件 | 奇怪的邮件 | 陌生邮件 | 举报邮件 | 报告钓鱼 | impersonation | impersonating | ceo fraud | gift card | 礼品卡 | weird email | strange email | odd email | unknown sender | report phishing | report message | clicked a link | clicked the link | clicked on a link | clicked on the link | clicked a suspicious link | 点了链接 | 点开了链接 | 点了一个链接 | 点了邮件里的链接 | 点了可疑链接
phishing+attachment = opened an attachment | opened the attachment | opened a suspicious attachment | 打开了附件 | 点开附件 | 点开了附件
# add to: usb / new concept dlp
usb = sd卡 | tf卡 | 内存卡 | 存储卡 | sd card | memory card | 外设管控 | 设备管控 | usb管控 | device control | removable media | usb blocked | usb disabled | usb not allowed | usb storage blocked
dlp = 数据防泄漏 | 防泄露 | 防泄密 | 泄密 | 数据泄露 | 外发 | 外发审批 | 文件外发 | dlp | data loss prevention | data leak | data leakage
# add to: antivirus
antivirus = 杀软 | 报毒 | 报病毒 | 误杀 | 提示有病毒 | 检测到威胁 | 威胁 | 病毒库 | 病毒库更新 | 查杀 | 卡巴 | 奇安信 | 亚信 | 趋势 | trend micro | sophos | eset | kaspersky | norton | threat | threats | threat detected | detected a threat
# add to: virus  (browser hijack / adware)
virus = 主页被改 | 首页被篡改 | 主页被篡改 | 被劫持 | 劫持 | 弹广告 | 广告弹窗 | browser hijack | hijacked | adware | spyware | keylogger
# new concept: vulnerability scanning / hardening
vulnerability = 漏洞 | 漏洞扫描 | 漏扫 | 安全漏洞 | 高危漏洞 | 端口扫描 | 安全扫描 | 等保 | 基线 | 安全基线 | 整改 | vulnerability | vulnerabilities | vuln | cve | vulnerability scan | pen test | penetration test | pentest | port scan | nessus | qualys | security scan | hardening

########################################################################################
# 12. SOFTWARE — installing, licensing, Office / Adobe / WPS / browsers
########################################################################################
# add to: install
install = 装个 | 帮我装 | 装一个 | 想装 | 要装 | 下载安装 | 安装包 | 安装程序 | msi | exe | setup exe | install package
# new concept: self-service software catalogue
software center = 软件中心 | 软件商店 | 应用商店 | 应用市场 | 自助安装 | 软件库 | software center | software centre | self service portal | app store | app catalog | sccm | configuration manager
# add to: license
license = 试用 | 试用版 | 试用期 | 试用到期 | 未经授权 | 产品激活 | 产品未激活 | 破解 | 破解版 | 盗版 | unlicensed | unlicensed product | trial | trial version | trial expired | free trial | license assigned | assign license | no license | cracked software | pirated
# add to: office  ("office" alone is a building, so only product phrases)
office = office 2016 | office 2019 | office 2021 | office 2013 | office 2010 | office apps | office suite | office app | office activation | 办公套件 | 金山办公
# add to: excel
excel = 公式 | 函数 | 公式不计算 | 公式不更新 | 数据透视表 | 透视表 | 筛选 | 排序 | 冻结窗格 | 条件格式 | 单元格 | 工作表 | vlookup | xlookup | formula | formulas | pivot | pivot table | pivottable | freeze panes | conditional formatting | cell | cells | worksheet | sheet | sheets
# add to: word
word = 修订 | 批注 | 自动目录 | 页眉 | 页脚 | 分节符 | track changes | comments | header | footer | table of contents | section break
# add to: pdf
pdf = acrobat pro | acrobat dc | reader dc | pdf编辑 | 编辑pdf | 合并pdf | 拆分pdf | edit pdf | merge pdf | fill and sign | pdf editor
# new concept: Adobe Creative Cloud suite
adobe cc = creative cloud | adobe creative cloud | adobe cc | adobe id | adobe account | photoshop | illustrator | indesign | premiere | premiere pro | after effects | lightroom | 创意云
# new concept: CAD
cad = autocad | cad | 天正 | 中望 | 中望cad | 浩辰 | solidworks | catia | creo | sketchup | dwg | 制图软件 | 画图软件
# add to: browser
browser = 主页 | 首页 | 默认浏览器 | 书签 | 收藏夹 | 标签页 | 自动填充 | homepage | home page | start page | default browser | bookmarks | bookmark | favorites | favourites | new tab | tabs | autofill

########################################################################################
# 13. FALSE FRIENDS — one surface, two senses. Each line below gives the OTHER sense its own
# multi-word / whole-word term, so the longest-match rule (phrases are tried longest first, and
# glossary Chinese words are loaded into jieba at high frequency) picks the right concept.
# Recommended REMOVALS from the shipped glossary are written as comments ("# move:"), because an
# additions file can only add terms, and a term listed under two concepts maps to BOTH.
########################################################################################
# hot-desk (shared desk) vs hot (overheating, in 'overheat')
hot desk = hot desk | hot desks | hot desking | hotdesk | hotdesking | flex desk | flexible seating | shared desk | desk booking | book a desk | 共享工位 | 共享办公位 | 流动工位 | 临时工位 | 公共工位 | 无固定工位 | 工位预订 | 订工位
# moved desks (a physical move — often the cause of network / phone / printer faults)
desk = 工位 | 座位 | 办公位 | 办公桌 | 格子间 | desk | desks | cubicle
move = 搬 | 搬家 | 搬迁 | 挪 | 挪到 | move | moves | moved | moving | relocate | relocated | relocating | relocation
move+desk = 换了座位 | 换座位 | 搬工位 | 换工位 | 搬座位 | 调座位 | 调工位 | 搬了工位 | 换了工位 | 新工位 | 新座位 | 座位调整 | 工位调整 | 搬办公室 | 换办公室 | moved desks | moved desk | desk move | changed desks | new desk | moving desks | office move | moved office | moved offices
migration = 迁移 | 数据迁移 | 邮箱迁移 | 迁移后 | migrate | migrated | migrating | migration | cutover
# monitor (the display) vs monitoring (alerts). The stemmer turns monitoring/monitored into
# "monitor", so today "monitor" maps to display AND monitoring.
# move: drop 'monitoring | monitored' from the shipped 'monitoring' line (or add "monitoring" to NO_STEM).
monitoring = monitoring alert | monitoring alerts | monitoring system | monitoring tool | alert email | alert emails | 监控告警 | 监控报警 | 告警通知 | 报警短信 | 告警短信 | 监控平台 | 巡检报告 | uptime | heartbeat | datadog | solarwinds | prtg
# 监控 colloquially also means CCTV cameras, not IT monitoring
cctv = 监控摄像头 | 摄像头监控 | 监控录像 | 监控画面 | 硬盘录像机 | 录像机 | 海康 | 海康威视 | 大华 | nvr | dvr | cctv | security camera | security cameras | surveillance | hikvision | dahua
# drive (disk) vs driver (software). 驱动器 is Windows' word for a DRIVE (驱动器 C:), not a driver.
# move: drop '驱动器' from the shipped 'driver' line.
disk = 驱动器 | 本地磁盘 | 磁盘驱动器 | 本地驱动器 | local disk | local drive | drive space | system drive
# account locked vs screen locked vs file locked vs "locked up" (frozen, see hang)
screen lock = 锁屏 | 锁屏了 | 屏幕锁定 | 自动锁屏 | 锁屏时间 | 锁屏密码 | 屏保 | 屏幕保护 | 屏幕保护程序 | lock screen | lockscreen | screen lock | screen locked | screen locks | screen locking | screensaver | screen saver | auto lock | locks after | lock timeout
# 卡 stuck/slow (in 'slow') vs 卡 card. Card senses get whole-word terms so jieba keeps them intact.
card = 卡片 | 工卡 | 员工卡 | 胸卡 | 门禁卡 | 门卡 | 饭卡 | 刷卡 | 刷不了卡 | 门禁 | 读卡器 | 智能卡 | ic卡 | badge | badges | id card | access card | key card | keycard | smart card | smartcard | card reader | swipe card | door access
# (SIM card → 'sim', 网卡 → 'nic', 显卡 → 'gpu', 声卡 → 'sound', 信用卡/公务卡 → 'expense', 资产卡片 → 'ledger': see above)
# 补卡: attendance "fix a missed punch" (shipped in 'attendance') vs replacing a SIM / badge
sim = 补办手机卡 | 补办sim卡 | 换sim卡 | 电话卡丢了 | sim card | sim tray | 卡槽 | 插卡 | replacement sim
card+fail = 刷不开 | 刷卡没反应 | 刷卡失败 | badge not working | badge doesnt work | card not working
card+new device = 补办工卡 | 补办门禁卡 | 工卡丢了 | 门禁卡丢了 | lost badge | lost my badge | replacement badge | new badge
# mail merge (a Word feature) vs mail
mail merge+word = 邮件合并 | mail merge | mailmerge | merge fields | 合并域
# mail rules vs firewall rules ('rule' is shipped under firewall)
mail rule = 邮件规则 | 收件规则 | 收件箱规则 | 规则和通知 | inbox rule | inbox rules | mail rule | mail rules | outlook rule | outlook rules | email rule | email rules
# load (CPU load, shipped in 'cpu') vs loading (spinner). The stemmer makes both "load".
cpu = high load | server load | cpu load | system load | load is high | 负载高 | 负载很高 | 负载过高
# seat: a desk seat (see 'desk') vs a licence seat
license = license seat | license seats | licence seat | seat license | 授权数 | 许可数
# "help desk"/"service desk" contain 'desk' but say nothing about a desk move: give them their own concept
service desk = service desk | help desk | it desk | it help desk | 服务台 | it服务台 | 服务热线 | itsm | ticket | tickets | ticket number | 工单号
# dropped (connection, in 'disconnect') vs dropped the device (see 'damage') vs drop down (see 'form field')
# drag and drop is neither
drag = 拖拽 | 拖动 | 拖不动 | 拖放 | 拖不了 | drag and drop | drag | dragging | cant drag
# Zoom the meeting app vs zoom in (see 'scaling'); Mac vs MAC address (see 'mac address')
# guest Wi-Fi vs guest user (see 'external'); host server vs meeting host (see 'meeting')
# 代理 proxy vs 代理人 delegate (see 'delegate'); 凭证 voucher vs 凭据 credential (see 'credential')
# 退回/撤回: email bounce/recall vs approval sent back (see 'approval+refused')
# redirect: mail forwarding (shipped in 'forward') vs browser redirects
web redirect = 重定向 | 重定向次数过多 | 页面跳转 | 自动跳转 | 跳到别的网站 | redirects me to | redirected me to | keeps redirecting | redirect loop | too many redirects
# transfer: HR transfer (shipped in 'leave') vs call transfer vs file transfer (see 'file transfer')
forward = transfer the call | call transfer | transfer a call | transfer calls | 转接电话 | 电话转接
# scan: document scanner vs virus scan vs QR-code scan vs port/vulnerability scan (see 'vulnerability')
antivirus = virus scan | full scan | quick scan | malware scan | scan for viruses | scanning for viruses | 全盘扫描 | 病毒扫描 | 扫描病毒 | 快速扫描 | 杀毒扫描
qr code+login = 扫码登录 | 扫码登陆 | scan to log in | scan to sign in
qr code = 扫码 | 二维码 | 扫二维码 | 扫一扫 | qr | qr code | qrcode | scan the qr code | scan qr code
# 一体机: all-in-one PC vs MFP (shipped under 'printer') vs backup appliance (see 'backup')
computer = 一体机电脑 | 电脑一体机 | all in one | all in one pc | aio
# 忘记: forgot a password vs "forget this network" (a Wi-Fi action)
wifi = 忘记此网络 | 忘记网络 | forget network | forget this network | forget the network
# 冻结: account frozen (in 'locked') vs Excel freeze panes (see 'excel') vs screen frozen (see 'hang')
# frozen/cracked: cracked screen (see 'damage') vs cracked software (see 'license')
# extension: phone extension ('desk phone') vs browser extension ('plugin') vs file extension
file extension = 扩展名 | 后缀 | 后缀名 | 文件扩展名 | 文件类型 | file extension | file extensions | file type | file types
plugin = browser extension | chrome extension | edge extension | browser extensions | chrome extensions
desk phone = phone extension | my extension | extension no
# 没信号: display "no signal" (shipped in 'blank') vs phone no signal (see 'mobile+sim')
# session: database session (shipped in 'pool') vs login session (see 'logout+expired')
# Windows user profile (see 'user profile') vs SAP authorization profile (shipped in 'role')
# eas: Kingdee EAS (shipped in 'erp') vs Exchange ActiveSync (see 'mail protocol')
# batch: batch job (shipped) vs material batch number (see 'material')
`;
