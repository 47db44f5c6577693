// Distractor entries for the 100,000-entry latency run: resolved incidents about the same kinds of
// objects (printers, VPN, SAP …) with generic symptoms and fixes, so term frequencies look like
// a large real knowledge base. They are never labelled relevant: none describes one of the
// hand-written problems' specific symptoms. Deterministic.
import type { CorpusEntry } from './generate.js';
import { rng } from './rng.js';

const OBJECTS: Record<string, [string[], string[]]> = {
  network: [
    ['交换机', '网口', '网线', '路由器', '防火墙', '核心网络', '内网'],
    ['switch', 'network port', 'router', 'firewall', 'LAN'],
  ],
  'network.wifi': [
    ['无线 AP', '无线网络', '访客网络', '无线控制器'],
    ['access point', 'wireless controller', 'Wi-Fi'],
  ],
  'network.vpn': [
    ['VPN 网关', 'VPN 客户端', '远程接入'],
    ['VPN gateway', 'VPN client', 'remote access'],
  ],
  accounts: [
    ['域账号', 'AD 组', '统一认证', '账号权限'],
    ['AD account', 'security group', 'SSO', 'user account'],
  ],
  'accounts.password': [
    ['密码策略', '自助改密', '初始密码'],
    ['password policy', 'password portal'],
  ],
  email: [
    ['Outlook', '邮箱', '邮件网关', 'Exchange'],
    ['Outlook', 'mailbox', 'mail gateway', 'Exchange'],
  ],
  collaboration: [
    ['Teams', '企业微信', '钉钉', '腾讯会议', '会议室终端'],
    ['Teams', 'WeCom', 'meeting room system'],
  ],
  'business_apps.erp': [
    ['SAP', '用友 U8', '金蝶', 'ERP 接口', '采购模块', '财务模块'],
    ['SAP', 'ERP interface', 'FI module', 'MM module'],
  ],
  business_apps: [
    ['OA', '报销系统', 'HR 系统', 'CRM', 'BI 报表'],
    ['OA system', 'expense tool', 'HR portal', 'CRM', 'BI report'],
  ],
  'business_apps.database': [
    ['Oracle 数据库', 'MySQL', 'SQL Server', '数据库服务器'],
    ['Oracle DB', 'MySQL', 'SQL Server', 'database server'],
  ],
  server: [
    ['应用服务器', '虚拟机', '文件服务器', 'Web 服务器'],
    ['app server', 'virtual machine', 'web server'],
  ],
  'workplace.laptop': [
    ['笔记本', '台式机', '显示器', '扩展坞', '键盘'],
    ['laptop', 'desktop PC', 'monitor', 'dock', 'keyboard'],
  ],
  'workplace.printer': [
    ['打印机', '复印机', '扫描仪', '打印服务器'],
    ['printer', 'copier', 'scanner', 'print server'],
  ],
  'workplace.phone': [
    ['座机', '手机', '话机'],
    ['desk phone', 'mobile phone', 'handset'],
  ],
  software: [
    ['Office', 'Excel', '浏览器', '客户端软件'],
    ['Office', 'Excel', 'browser', 'client software'],
  ],
  storage: [
    ['共享盘', 'OneDrive', 'NAS', '文件夹'],
    ['shared drive', 'OneDrive', 'NAS', 'folder'],
  ],
  security: [
    ['杀毒软件', '终端安全', '加密软件'],
    ['antivirus', 'endpoint agent', 'encryption client'],
  ],
};
const SYMPTOMS: [string[], string[]] = [
  [
    '使用异常',
    '报错',
    '无法使用',
    '很慢',
    '需要配置',
    '需要检查',
    '偶尔异常',
    '状态告警',
    '需要调整',
    '咨询使用方法',
  ],
  [
    'not working properly',
    'error',
    'unavailable',
    'slow',
    'needs configuration',
    'check requested',
    'intermittent issue',
    'status warning',
    'how-to question',
  ],
];
const FIXES: [string[], string[]] = [
  [
    '现场检查后恢复正常',
    '重新配置后解决',
    '指导用户操作后解决',
    '更换配件后恢复',
    '联系厂商处理后恢复',
    '重启后恢复',
    '已按流程处理',
  ],
  [
    'checked on site, back to normal',
    'reconfigured, resolved',
    'walked the user through it',
    'replaced a part',
    'vendor fixed it',
    'restarted, OK',
    'handled per procedure',
  ],
];
const SITES = ['上海', '北京', '深圳', '苏州', '成都', '广州', '武汉', 'HQ', 'Plant 2', 'Lab'];

export function* fillers(count: number, startRef = 1): Generator<CorpusEntry> {
  const r = rng('fillers');
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)] as T;
  const categories = Object.keys(OBJECTS);
  for (let i = 0; i < count; i++) {
    const category = pick(categories);
    const zh = r() < 0.6 ? 0 : 1;
    const objects = (OBJECTS[category] as [string[], string[]])[zh] as string[];
    const object = pick(objects);
    const site = pick(SITES);
    const symptom = pick(SYMPTOMS[zh] as string[]);
    const n = Math.floor(r() * 100_000);
    yield {
      ref: `INC-F-${String(startRef + i).padStart(6, '0')}`,
      kind: 'incident',
      status: 'published',
      title: zh === 0 ? `${site} ${object}${symptom}` : `${site}: ${object} ${symptom}`,
      symptoms:
        zh === 0
          ? `${site}${pick(['用户', '同事', '部门'])}反映${object}${symptom}，另涉及${pick(objects)}。资产 ${n}。`
          : `User at ${site} reports ${object} ${symptom}; also involves ${pick(objects)}. Asset ${n}.`,
      solution: pick(FIXES[zh] as string[]),
      category,
      tags: [],
      sourceUrl: null,
      lastVerifiedAt: null,
    };
  }
}
