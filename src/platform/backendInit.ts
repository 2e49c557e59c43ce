/**
 * Choose and activate a tfjs backend, and say which one really runs.
 *
 * tfjs silently falls back when a backend fails to initialise, so after every `setBackend` we check its
 * return value *and* `tf.getBackend()` (PLATFORM.md). Works in a page, a module worker and Node.
 * The environment-specific part (where the wasm binaries are, whether WebGPU/WebGL exist) is passed in.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { backendOrder, type BackendName, type BackendProbe } from './backendPolicy';

export interface ActiveBackend {
  name: BackendName;
  /** Why this backend was chosen (or that it was forced). */
  reason: string;
  /** Human-readable adapter description, e.g. "swiftshader (software)". */
  adapter: string;
  /** Backends that were tried first and failed, with the error. */
  failed: { name: BackendName; error: string }[];
}

/** Probe what the current JS environment offers. Never throws. */
export async function probeEnvironment(): Promise<BackendProbe> {
  const probe: BackendProbe = { webgpu: null, webgl: null, wasm: typeof WebAssembly === 'object' };
  const gpu = (globalThis.navigator as (Navigator & { gpu?: GpuLike }) | undefined)?.gpu;
  if (gpu) {
    try {
      const adapter = await gpu.requestAdapter();
      if (adapter) {
        const info = adapter.info ?? {};
        probe.webgpu = {
          isFallback: Boolean(adapter.isFallbackAdapter ?? info.isFallbackAdapter),
          architecture: info.architecture ?? '',
          vendor: info.vendor ?? '',
          description: info.description ?? '',
        };
      }
    } catch {
      probe.webgpu = null;
    }
  }
  if (typeof OffscreenCanvas !== 'undefined') {
    try {
      const gl = new OffscreenCanvas(1, 1).getContext('webgl2') as WebGL2RenderingContext | null;
      if (gl) {
        const ext = gl.getExtension('WEBGL_debug_renderer_info');
        const renderer = ext ? String(gl.getParameter(ext.UNMASKED_RENDERER_WEBGL)) : String(gl.getParameter(gl.RENDERER));
        probe.webgl = { renderer };
        gl.getExtension('WEBGL_lose_context')?.loseContext();
      }
    } catch {
      probe.webgl = null;
    }
  }
  return probe;
}

/** Minimal structural type of navigator.gpu (the WebGPU typings are not part of lib.dom here). */
interface GpuLike {
  requestAdapter(): Promise<{
    isFallbackAdapter?: boolean;
    info?: { architecture?: string; vendor?: string; description?: string; isFallbackAdapter?: boolean };
  } | null>;
}

async function registerWebGpu(): Promise<void> {
  // Imported lazily: the module registers the backend and pulls in its shaders only when needed.
  await import('@tensorflow/tfjs-backend-webgpu');
}

/**
 * Activate the first backend of the policy order that really initialises.
 * @param override forced backend (URL/CLI), tried first.
 * @param probe what the environment offers; probed here when omitted.
 */
export async function initBackend(override?: BackendName, probe?: BackendProbe): Promise<ActiveBackend> {
  const env = probe ?? (await probeEnvironment());
  const failed: ActiveBackend['failed'] = [];
  for (const cand of backendOrder(env, override)) {
    try {
      if (cand.name === 'webgpu') await registerWebGpu();
      const ok = await tf.setBackend(cand.name);
      await tf.ready();
      if (ok && tf.getBackend() === cand.name) {
        return { name: cand.name, reason: cand.reason, adapter: describeAdapter(cand.name, env), failed };
      }
      failed.push({ name: cand.name, error: `setBackend returned ${ok}, active is ${tf.getBackend()}` });
    } catch (e) {
      failed.push({ name: cand.name, error: e instanceof Error ? e.message : String(e) });
    }
  }
  throw new Error(`No tfjs backend could be initialised: ${failed.map((f) => `${f.name}: ${f.error}`).join('; ')}`);
}

function describeAdapter(name: BackendName, probe: BackendProbe): string {
  if (name === 'webgpu' && probe.webgpu) {
    const g = probe.webgpu;
    return `${g.vendor || 'unknown'} ${g.architecture}${g.isFallback ? ' (software fallback)' : ''}`.trim();
  }
  if (name === 'webgl' && probe.webgl) return probe.webgl.renderer;
  if (name === 'wasm') return 'WebAssembly (CPU)';
  return 'JavaScript (CPU)';
}
