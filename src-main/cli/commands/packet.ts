import type { Command } from 'commander'
import { writePacket } from '../../core/packets/packet-folder'
import { withOffice, type GlobalOptions } from '../context'

export function registerPacketCommand(program: Command): void {
  program
    .command('packet')
    .description("write a job's invoice packet")
    .argument('<job>', 'job id')
    .requiredOption('--out <dir>', 'folder to write the packet folder into')
    .action(async (job: string, opts: { out: string }) => {
      const result = await withOffice(program.opts<GlobalOptions>(), (office) => writePacket(office, job, opts.out))
      process.stdout.write(`Wrote ${result.folder} (${result.pages} page(s), ${result.files.length} file(s))\n`)
    })
}
