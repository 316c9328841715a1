import type { MethodArgs, MethodName, MethodOutput } from '../../../src-shared/api/contract'

/** Who is calling: transports fill this in (the office UI has no signed-in user yet). */
export interface CallContext {
  transport: 'ipc' | 'http' | 'test'
}

export type Handler<M extends MethodName> = (
  input: MethodArgs<M>,
  ctx: CallContext,
) => Promise<MethodOutput<M>> | MethodOutput<M>
export type Handlers = { [M in MethodName]: Handler<M> }

/** The handlers of every method named `<prefix>.…`: a `<prefix>.handlers.ts` file must cover exactly these. */
export type PrefixHandlers<P extends string> = {
  [M in MethodName as M extends `${P}.${string}` ? M : never]: Handler<M>
}
