/**
 * A tiny promise wrapper over one IndexedDB object store: drafts, photos (as Blobs) and the send
 * queue live here, so they survive a reload, a closed tab and a phone that kills the browser.
 */
const DB_NAME = 'closeout-techform'
const STORE = 'kv'

let opening: Promise<IDBDatabase> | null = null

function open(): Promise<IDBDatabase> {
  opening ??= new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1)
    req.onupgradeneeded = () => req.result.createObjectStore(STORE)
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error ?? new Error('IndexedDB is not available'))
  })
  return opening
}

async function run<T>(mode: IDBTransactionMode, body: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open()
  return new Promise<T>((resolve, reject) => {
    const tx = db.transaction(STORE, mode)
    const req = body(tx.objectStore(STORE))
    // Resolve on commit, not on the request: a write is only safe once the transaction is durable.
    tx.oncomplete = () => resolve(req.result)
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'))
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB write aborted'))
  })
}

export const idbGet = <T>(key: string): Promise<T | undefined> =>
  run('readonly', (s) => s.get(key) as IDBRequest<T | undefined>)
export const idbSet = (key: string, value: unknown): Promise<void> =>
  run('readwrite', (s) => s.put(value, key)).then(() => undefined)
export const idbDel = (key: string): Promise<void> => run('readwrite', (s) => s.delete(key)).then(() => undefined)

/** Every [key, value] whose key starts with `prefix`. */
export async function idbEntries<T>(prefix: string): Promise<[string, T][]> {
  const range = IDBKeyRange.bound(prefix, `${prefix}\uffff`)
  const [keys, values] = await Promise.all([
    run('readonly', (s) => s.getAllKeys(range)),
    run('readonly', (s) => s.getAll(range) as IDBRequest<T[]>),
  ])
  return keys.map((k, i) => [String(k), values[i] as T])
}
