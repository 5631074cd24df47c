/**
 * TensorFlow.js, loaded lazily (importing the components library must stay fast) and on the
 * best backend available: @tensorflow/tfjs-node when installed (it does not install on these
 * machines), else the WASM backend (SIMD on, threads off, the .wasm files served from the
 * package's dist directory), else the pure-JS 'cpu' backend.
 *
 * Backend initialisation is asynchronous for wasm and tfjs-node: `prepareTensorflow()` does
 * it once per process. A synchronous caller that has not awaited it gets the 'cpu' backend,
 * which initialises synchronously (same results up to float rounding, about 4x slower).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as TF from '@tensorflow/tfjs';

const require = createRequire(import.meta.url);

let tfModule: typeof TF | undefined;
let preparing: Promise<string> | undefined;
let preparedBackend: string | undefined;

/** The tfjs module (synchronous require of its CommonJS build). */
export function tensorflow(): typeof TF {
  if (!tfModule) {
    tfModule = require('@tensorflow/tfjs') as typeof TF;
    // The cpu backend greets Node users on first use; the log would only confuse ours.
    const cpu = tfModule.findBackend('cpu') as unknown as { firstUse?: boolean } | null;
    if (cpu && 'firstUse' in cpu) cpu.firstUse = false;
  }
  return tfModule;
}

function isInstalled(name: string): boolean {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
}

/** Loads the fastest backend available; resolves to its name ('tensorflow', 'wasm' or 'cpu'). */
export function prepareTensorflow(): Promise<string> {
  preparing ??= (async (): Promise<string> => {
    const tf = tensorflow();
    if (isInstalled('@tensorflow/tfjs-node')) {
      try {
        require('@tensorflow/tfjs-node');
        if (await tf.setBackend('tensorflow')) return 'tensorflow';
      } catch {
        // fall through to wasm
      }
    }
    try {
      const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
      const dist = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep;
      wasm.setWasmPaths(dist);
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      if (await tf.setBackend('wasm')) return 'wasm';
    } catch {
      // fall through to cpu
    }
    await tf.setBackend('cpu');
    return 'cpu';
  })().then((name) => (preparedBackend = name));
  return preparing;
}

/**
 * The tfjs module with a ready backend, synchronously: the prepared one, or 'cpu' while
 * `prepareTensorflow()` has not finished (cpu initialises synchronously).
 */
export function readyTensorflow(): { tf: typeof TF; backend: string } {
  const tf = tensorflow();
  if (preparedBackend && tf.getBackend() === preparedBackend) return { tf, backend: preparedBackend };
  if (tf.engine().backendName !== 'cpu') void tf.setBackend('cpu');
  return { tf, backend: 'cpu' };
}
