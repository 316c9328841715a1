import { planDemoHistory } from '../src-main/core/setup/demo-history'
const h = planDemoHistory(Date.now())
const c: Record<string, number> = {}
for (const j of h.jobs) c[j.outcome] = (c[j.outcome] ?? 0) + 1
console.log(c, h.exports.length, h.jobs.filter(j => j.dispute).length, h.jobs.filter(j => j.invoicedAt === null).length)
for (const n of [3000, 20000]) { const t = performance.now(); planDemoHistory(Date.now(), n); console.log(n, performance.now() - t) }
