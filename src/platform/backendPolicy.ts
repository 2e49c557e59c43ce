/**
 * Which tfjs backend to try, in which order (pure: no tfjs, no DOM).
 *
 * Measured on CPU-only machines (../shared/docs/PLATFORM.md): software WebGPU (SwiftShader) is ~10×
 * slower than wasm for a tiny transformer, software WebGL ~2×. So a GPU backend is preferred only when
 * the adapter is real hardware: WebGPU on a non-fallback adapter, then hardware WebGL, then wasm, then cpu.
 * An explicit override (URL `?backend=`, CLI flag) is tried first; the rest stay as fallbacks.
 */

export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** What the environment reports about its GPU adapters (null: API absent or no adapter). */
export interface BackendProbe {
  webgpu: { isFallback: boolean; architecture: string; vendor: string; description: string } | null;
  webgl: { renderer: string } | null;
  /** Whether WebAssembly is available at all (false only in very old or locked-down browsers). */
  wasm: boolean;
}

/** Renderer strings of software rasterisers: a "WebGL" that is really the CPU. */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render|mesa offscreen/i;

export function isSoftwareRenderer(renderer: string): boolean {
  return SOFTWARE_RENDERER.test(renderer);
}

/** A backend to try and why it is in the list at that position. */
export interface BackendCandidate {
  name: BackendName;
  reason: string;
}

/**
 * The order in which backends are tried. With an override the forced backend comes first, even if it is
 * a software GPU (that is what the user asked for), and the automatic order follows as fallbacks.
 */
export function backendOrder(probe: BackendProbe, override?: BackendName): BackendCandidate[] {
  const auto: BackendCandidate[] = [];
  const gpu = probe.webgpu;
  if (gpu && !gpu.isFallback && !isSoftwareRenderer(`${gpu.architecture} ${gpu.description}`)) {
    auto.push({ name: 'webgpu', reason: `hardware WebGPU adapter (${gpu.vendor || 'unknown vendor'})` });
  }
  if (probe.webgl && !isSoftwareRenderer(probe.webgl.renderer)) {
    auto.push({ name: 'webgl', reason: `hardware WebGL (${probe.webgl.renderer})` });
  }
  if (probe.wasm) auto.push({ name: 'wasm', reason: 'no hardware GPU: WebAssembly SIMD is fastest on CPU' });
  auto.push({ name: 'cpu', reason: 'plain JavaScript fallback' });
  if (!override) return auto;
  return [{ name: override, reason: 'forced by the backend setting' }, ...auto.filter((c) => c.name !== override)];
}
