import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'

/** Debian's syncthing (or one on the PATH): its version line, or null when there is none. */
export function syncthingVersion(): string | null {
  const run = spawnSync('syncthing', ['--version'], { encoding: 'utf8' })
  return run.status === 0 ? run.stdout.trim() : null
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

/**
 * One Syncthing instance on 127.0.0.1 only: its own home, GUI/REST on a random port with an API
 * key, sync on another; global and local discovery, relays, NAT, usage reports, crash reports
 * and upgrades off, so it talks to nothing but the other instance of the test.
 */
export class SyncthingInstance {
  readonly apiKey = randomBytes(16).toString('hex')
  deviceId = ''
  private process: ChildProcess | null = null
  private log = ''

  private constructor(
    readonly name: string,
    readonly home: string,
    readonly guiPort: number,
    readonly syncPort: number,
  ) {}

  static async start(name: string, home: string): Promise<SyncthingInstance> {
    const instance = new SyncthingInstance(name, home, await freePort(), await freePort())
    mkdirSync(home, { recursive: true })
    const generated = spawnSync('syncthing', ['generate', `--home=${home}`, '--no-default-folder'], {
      encoding: 'utf8',
    })
    if (generated.status !== 0) throw new Error(`syncthing generate failed: ${generated.stderr}`)
    instance.lockDown()
    instance.process = spawn(
      'syncthing',
      [
        'serve',
        `--home=${home}`,
        '--no-browser',
        '--no-restart',
        '--no-upgrade',
        '--no-default-folder',
        `--gui-address=http://127.0.0.1:${instance.guiPort}`,
        `--gui-apikey=${instance.apiKey}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, STNOUPGRADE: '1', STNODEFAULTFOLDER: '1' } },
    )
    const keep = (chunk: Buffer) => {
      instance.log = (instance.log + chunk.toString('utf8')).slice(-20_000)
    }
    instance.process.stdout?.on('data', keep)
    instance.process.stderr?.on('data', keep)
    await instance.waitUntil(
      async () => (await instance.get<{ ping: string }>('/rest/system/ping')).ping === 'pong',
      30_000,
    )
    instance.deviceId = (await instance.get<{ myID: string }>('/rest/system/status')).myID
    return instance
  }

  private lockDown(): void {
    const file = join(this.home, 'config.xml')
    const set = (xml: string, tag: string, value: string) => {
      const re = new RegExp(`<${tag}>[^<]*</${tag}>`)
      if (!re.test(xml)) throw new Error(`config.xml has no <${tag}>`)
      return xml.replace(re, `<${tag}>${value}</${tag}>`)
    }
    let xml = readFileSync(file, 'utf8')
    xml = set(xml, 'listenAddress', `tcp://127.0.0.1:${this.syncPort}`)
    for (const [tag, value] of [
      ['globalAnnounceEnabled', 'false'],
      ['localAnnounceEnabled', 'false'],
      ['relaysEnabled', 'false'],
      ['natEnabled', 'false'],
      ['urAccepted', '-1'],
      ['startBrowser', 'false'],
      ['autoUpgradeIntervalH', '0'],
      ['crashReportingEnabled', 'false'],
      // A resumed device is dialled again within a second, not at the next 60 s round.
      ['reconnectionIntervalS', '1'],
    ])
      xml = set(xml, tag!, value!)
    writeFileSync(file, xml)
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`http://127.0.0.1:${this.guiPort}${path}`, {
      method,
      headers: { 'x-api-key': this.apiKey, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await res.text()
    if (!res.ok) throw new Error(`${this.name} ${method} ${path}: ${res.status} ${text}`)
    return (text ? JSON.parse(text) : null) as T
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path)
  }

  /** Introduces another instance by address: no discovery is needed (or possible). */
  async addDevice(other: SyncthingInstance): Promise<void> {
    await this.request('POST', '/rest/config/devices', {
      deviceID: other.deviceId,
      name: other.name,
      addresses: [`tcp://127.0.0.1:${other.syncPort}`],
      autoAcceptFolders: false,
    })
  }

  /** The shared folder, watched (changes go out within a second) and rescanned every few seconds. */
  async addFolder(id: string, path: string, peers: SyncthingInstance[]): Promise<void> {
    await this.request('POST', '/rest/config/folders', {
      id,
      label: id,
      path,
      type: 'sendreceive',
      devices: [{ deviceID: this.deviceId }, ...peers.map((p) => ({ deviceID: p.deviceId }))],
      fsWatcherEnabled: true,
      fsWatcherDelayS: 1,
      rescanIntervalS: 5,
    })
  }

  pause(device: SyncthingInstance): Promise<unknown> {
    return this.request('POST', `/rest/system/pause?device=${device.deviceId}`)
  }

  resume(device: SyncthingInstance): Promise<unknown> {
    return this.request('POST', `/rest/system/resume?device=${device.deviceId}`)
  }

  async connectedTo(device: SyncthingInstance): Promise<boolean> {
    const { connections } = await this.get<{ connections: Record<string, { connected: boolean }> }>(
      '/rest/system/connections',
    )
    return connections[device.deviceId]?.connected === true
  }

  async waitUntil(check: () => Promise<boolean>, ms: number): Promise<void> {
    const until = Date.now() + ms
    let last: unknown = null
    while (Date.now() < until) {
      try {
        if (await check()) return
      } catch (error) {
        last = error
      }
      await new Promise((r) => setTimeout(r, 250))
    }
    throw new Error(`${this.name}: gave up after ${ms} ms (${String(last)})\n${this.log.slice(-3000)}`)
  }

  async stop(): Promise<void> {
    const child = this.process
    if (!child || child.exitCode !== null) return
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    child.kill('SIGTERM')
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))])
    if (child.exitCode === null) child.kill('SIGKILL')
  }
}
