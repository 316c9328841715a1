import { planDemoHistory } from '../src-main/core/setup/demo-history'
const now = Date.now()
const h = planDemoHistory(now)
for (const j of h.jobs.slice(-14)) console.log(j.id, j.outcome, new Date(j.completedAt).toISOString().slice(0,16), new Date(j.completedAt).getUTCDay(), j.invoicedAt ? new Date(j.invoicedAt).toISOString().slice(0,16) : '-', j.invoicedAt ? ((j.invoicedAt - j.completedAt)/3600000).toFixed(1) : '')
console.log(h.exports.slice(-6).map(t => new Date(t).toISOString().slice(0,16) + ' ' + new Date(t).getUTCDay()))
