// Phrases that say nothing about the fault but whose words would read as one (issue 14,
// thirteenth round, written blind from the glossary alone: bench/kb-data/glossary-additions.md):
// "not sure why" read as a failure, "see attached screenshot" as a mail attachment, "hang on a
// sec" as a freeze, an account manager as an account. Left out:
// phrases a fault report also says literally ("hangs on a second monitor", "can't reach out to
// the server", 看不见截图, 附件是截图打不开). Matched
// as phrases so their words are consumed, then dropped by the analyzer (`c_filler`).
// Format: see ../glossary.ts.
export const FILLER = `
filler = not sure | not sure if | not sure why | not sure how | not sure whether | not sure what | no idea | no idea why | no idea how | dont know why | dont know how | do not know why | no rush | no hurry | no worries | not urgent | no pressure
filler = hang on a sec | hold on a sec | hang in there
filler = see attached | see attachment | screenshot attached | attached screenshot | attached is a screenshot | attached a screenshot | see screenshot | see the screenshot | screenshot below | see below | thanks in advance
filler = account manager | account managers | key account | on account of | take into account
filler = 不知道为什么 | 不知道怎么回事 | 不知道咋回事 | 不知道咋了 | 不知道怎么了 | 不好意思 | 不着急 | 不急 | 截图如下 | 如下图 | 附上截图 | 截图见附件
`;
