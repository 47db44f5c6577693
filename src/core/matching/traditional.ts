// Traditional → simplified Chinese for the characters IT reports use (Hong Kong and Taiwan
// colleagues write 密碼, 網路, 印表機). Character by character; the glossary carries the
// regional words themselves (印表机, 伺服器, 当机 …).
const PAIRS =
  '們们個个來来這这會会時时說说對对開开關关機机網网電电腦脑號号碼码帳帐賬账戶户記记憶忆錄录陸陆連连線线斷断' +
  '無无為为請请問问題题檔档資资訊讯發发郵邮務务統统體体護护驗验證证權权設设預预軟软裝装載载儲储雲云頁页' +
  '瀏浏覽览視视頻频聲声麥麦風风鏡镜頭头螢萤顯显鍵键盤盘紙纸夾夹掃扫傳传輸输導导報报錯错誤误當当變变換换' +
  '舊旧刪删復复還还備备鎖锁過过認认從从後后裡里麼么嗎吗沒没見见聽听讀读寫写廣广彈弹牆墙庫库據据數数鏈链' +
  '結结點点擊击辦办議议員员簽签審审單单採采購购訂订貨货財财稅税銀银動动處处啟启閉闭響响應应藍蓝熱热憑凭' +
  '書书標标準准遠远臺台灣湾筆笔隨随產产聯联絡络簡简殺杀滿满層层樓楼區区幫帮謝谢雜杂頓顿續续穩稳壞坏損损' +
  '轉转閃闪異异計计劃划畫画質质測测試试環环選选項项擇择碟碟驅驱態态級级網网際际實实確确歷历壓压縮缩擴扩' +
  '窗窗佈布屬属權权義义證证團团隊队級级紀纪錄录狀状況况歸归檔档盜盗寬宽頻频厲厉卻却彙汇蘋苹亞亚馬马離离職职';

const MAP = new Map<string, string>();
for (let i = 0; i + 1 < PAIRS.length; i += 2) MAP.set(PAIRS[i] as string, PAIRS[i + 1] as string);

export const toSimplified = (text: string): string =>
  text.replace(/[\u4e00-\u9fff]/g, (c) => MAP.get(c) ?? c);
