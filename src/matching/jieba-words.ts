// jieba's user dictionary beyond the glossary's own words: forms its general dictionary cuts
// badly in chat reports. A verb with a result complement (扫完, 装好, 删掉) is one word; without
// it jieba glues the complement to what follows (扫 | 完点). Extend the lists, not the examples.
import { A_NOT_A_QUESTIONS } from '../core/matching/text.js';

const VERBS = `扫 打 装 点 删 改 升 换 连 登 关 开 重装 重启 安装 卸载 升级 更新 下载 上传 登录 登陆 设置 配置 打印
扫描 复印 发送 提交 保存 导出 导入 同步 备份 还原 恢复 重置 修改 注册 激活 插 拔 刷 签`;
const COMPLEMENTS = ['完', '好', '掉'];

/** Words (and their jieba tag) to load after the glossary's. */
export const USER_WORDS: readonly { word: string; tag: string }[] = [
  ...VERBS.split(/\s+/)
    .filter(Boolean)
    .flatMap((v) => COMPLEMENTS.map((c) => ({ word: v + c, tag: 'v' }))),
  // Kept whole so they stay questions; text.ts drops them as stop words.
  ...A_NOT_A_QUESTIONS.map((word) => ({ word, tag: 'v' })),
];
