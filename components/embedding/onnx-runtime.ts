/**
 * onnxruntime-node, loaded lazily (importing the component library must not load the native
 * binding), with one session per model per process and a count of runs in flight.
 *
 * Why the count: terminating a worker thread while `session.run` is executing aborted the
 * whole Node process in 8 of 10 tries here (platform notes). In onnxruntime-node 1.30,
 * `run` is a synchronous native call deferred by setImmediate, so a run blocks its thread
 * for its whole duration. Hosts that may stop a thread (training threads on cancellation)
 * must stop cooperatively and can `await whenOnnxIdle()` before `terminate()`. Components
 * keep runs short (small batches) and poll `shouldStop` between them.
 */
import type { InferenceSession, Tensor } from 'onnxruntime-node';

type Ort = typeof import('onnxruntime-node');

let ortModule: Promise<Ort> | undefined;

export function loadOnnxRuntime(): Promise<Ort> {
  ortModule ??= import('onnxruntime-node').then((m) => ((m as unknown as { default?: Ort }).default ?? m) as Ort);
  return ortModule;
}

const sessions = new Map<string, Promise<InferenceSession>>();

export interface SessionKey {
  /** Absolute path of model.onnx. */
  modelPath: string;
  /** sha256 of what the session was built from, so a changed file gets a new session. */
  sha256: string;
  intraOpNumThreads: number;
}

/** One session per (model file, content hash, threads) per process, shared by every component instance. */
export function sharedSession(key: SessionKey, modelBytes: () => Promise<Uint8Array>): Promise<InferenceSession> {
  const id = `${key.modelPath}\n${key.sha256}\n${key.intraOpNumThreads}`;
  let session = sessions.get(id);
  if (!session) {
    session = (async () => {
      const ort = await loadOnnxRuntime();
      return ort.InferenceSession.create(await modelBytes(), {
        intraOpNumThreads: key.intraOpNumThreads,
        interOpNumThreads: 1,
        executionMode: 'sequential',
        graphOptimizationLevel: 'all',
      });
    })();
    sessions.set(id, session);
    session.catch(() => sessions.delete(id));
  }
  return session;
}

let inFlight = 0;
let idleWaiters: (() => void)[] = [];

/** `session.run`, counted while in flight. */
export async function runCounted(session: InferenceSession, feeds: Record<string, Tensor>): Promise<InferenceSession.ReturnType> {
  inFlight++;
  try {
    return await session.run(feeds);
  } finally {
    inFlight--;
    if (inFlight === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    }
  }
}

/** Number of onnxruntime runs started by components and not yet finished, in this thread. */
export function onnxRunsInFlight(): number {
  return inFlight;
}

/** Resolves once no onnxruntime run is in flight in this thread (at once if none is). */
export function whenOnnxIdle(): Promise<void> {
  return inFlight === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve));
}
