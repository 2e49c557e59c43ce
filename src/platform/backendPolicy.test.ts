import { describe, expect, it } from 'vitest';
import { backendOrder, isSoftwareRenderer, type BackendProbe } from './backendPolicy';

const swiftshaderGpu = { isFallback: true, architecture: 'swiftshader', vendor: 'google', description: '' };
const realGpu = { isFallback: false, architecture: 'ampere', vendor: 'nvidia', description: 'RTX' };

const names = (p: BackendProbe, o?: Parameters<typeof backendOrder>[1]) => backendOrder(p, o).map((c) => c.name);

describe('backendOrder', () => {
  it('prefers WebGPU only on a real adapter', () => {
    expect(names({ webgpu: realGpu, webgl: { renderer: 'ANGLE (NVIDIA)' }, wasm: true })).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
  });
  it('skips software WebGPU and software WebGL (this machine: SwiftShader)', () => {
    const probe = { webgpu: swiftshaderGpu, webgl: { renderer: 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device))' }, wasm: true };
    expect(names(probe)).toEqual(['wasm', 'cpu']);
  });
  it('treats a non-fallback adapter that calls itself swiftshader as software', () => {
    expect(names({ webgpu: { ...swiftshaderGpu, isFallback: false }, webgl: null, wasm: true })).toEqual(['wasm', 'cpu']);
  });
  it('puts an override first and keeps the automatic order as fallbacks', () => {
    const probe = { webgpu: swiftshaderGpu, webgl: null, wasm: true };
    expect(names(probe, 'webgpu')).toEqual(['webgpu', 'wasm', 'cpu']);
    expect(names(probe, 'cpu')).toEqual(['cpu', 'wasm']);
  });
  it('falls back to cpu when nothing else exists', () => {
    expect(names({ webgpu: null, webgl: null, wasm: false })).toEqual(['cpu']);
  });
  it('recognises software renderers', () => {
    expect(isSoftwareRenderer('Google SwiftShader')).toBe(true);
    expect(isSoftwareRenderer('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe(true);
    expect(isSoftwareRenderer('ANGLE (Apple, Apple M2, OpenGL 4.1)')).toBe(false);
  });
});
