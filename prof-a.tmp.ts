import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { openOffice } from './src-main/core/office'
import { deliverBundle, seedOffice, buildBundle } from './tests/integration/inbox/bundle-builder'
import { randomBytes, createHash } from 'node:crypto'
async function main() {
  const root = '/tmp/prof-root'
  const shared = join(root, 'shared'); mkdirSync(join(shared, 'inbox'), { recursive: true })
  const office = await openOffice({ dataDir: join(root, 'data'), sharedDir: shared }); seedOffice(office)
  const base = randomBytes(300*1024)
  for (let i = 0; i < 200; i++) { const b = buildBundle({ photos: 3, photoSize: 16 }); for (const p of [...b.files.keys()].filter(p=>p.startsWith('photos/'))) { const x = Buffer.from(base); randomBytes(32).copy(x,3); x[0]=0xff;x[1]=0xd8;x[2]=0xff; b.files.set(p,x) }; b.manifest.files=[...b.files].map(([path,d])=>({path,size:d.length,sha256:createHash('sha256').update(d).digest('hex')})); deliverBundle(join(shared,'inbox'), b) }
  await office.close()
}
main()
