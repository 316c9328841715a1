import { call, desktop } from './api'

/**
 * Handing a file to the clerk: the desktop app uses the system's save dialog and viewer (main
 * checks the path lies in the office's folders); in a browser the same bytes come over the office
 * API and become a download or a new tab.
 */
function blobOf(base64: string, mediaType: string): Blob {
  const binary = atob(base64)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return new Blob([bytes], { type: mediaType })
}

/** What became of a Save as…: where it went, or that the clerk cancelled the dialog. */
export type SaveOutcome = { saved: string } | { cancelled: true }

export async function saveBatchFile(batchId: number, file: { name: string; path: string }): Promise<SaveOutcome> {
  const bridge = desktop()
  if (bridge) {
    const saved = await bridge.saveCopy(file.path, file.name)
    return saved === null ? { cancelled: true } : { saved }
  }
  const answer = await call('exports.file', { batchId, name: file.name })
  const url = URL.createObjectURL(blobOf(answer.base64, answer.mediaType))
  const link = document.createElement('a')
  link.href = url
  link.download = answer.name
  document.body.append(link)
  link.click()
  link.remove()
  // The download has taken the bytes once the click is handled; keep the URL a moment for slow browsers.
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
  return { saved: answer.name }
}

/** Opens the job's packet PDF: the desktop's PDF viewer, or a new browser tab. */
export async function openPacket(jobId: string): Promise<{ folder: string }> {
  const bridge = desktop()
  if (bridge) {
    const { folder } = await call('packets.write', { jobId })
    const opened = await bridge.openFile(`${folder}/packet.pdf`)
    if (!opened) throw new Error(`The packet is written to ${folder}, but no PDF viewer opened it`)
    return { folder }
  }
  // Opened before the await so the browser counts it as the clerk's click, not a pop-up.
  const tab = window.open('', '_blank')
  try {
    const answer = await call('packets.pdf', { jobId })
    const url = URL.createObjectURL(blobOf(answer.base64, 'application/pdf'))
    if (tab) tab.location.href = url
    else window.location.assign(url)
    return { folder: answer.folder }
  } catch (error) {
    tab?.close()
    throw error
  }
}
