/**
 * PDE data for the SciML tasks (PDEBench-style, our own solvers): the public API of src/data/pde.
 * Pure TypeScript on Float64Array; no tfjs, no DOM, so it runs unchanged in a worker and in vitest.
 */
export {
  generatePdeDataset,
  generatePdeSample,
  datasetKey,
  validatePdeSpec,
  pdeChannels,
  pdeDims,
  cellsPerFrame,
  PDE_TIME_SPAN,
  PDE_DOMAIN,
  PDE_DATA_VERSION,
  type PdeDataset,
  type PdeDatasetSpec,
  type PdeEquation,
  type PdeEquationSpec,
} from './dataset';
export { nrmse, type NrmseResult, type NrmseShape } from './nrmse';
export {
  cellCentres,
  randomInitialCondition,
  randomCfdInitialState,
  scaleToUnitInterval,
  DEFAULT_IC_OPTIONS,
  type InitialConditionDraw,
  type InitialConditionOptions,
  type CfdInitialState,
} from './initial';
export { solveAdvection, advectionExact, type AdvectionOptions } from './advection';
export { solveBurgers, godunovBurgersFlux, type BurgersOptions } from './burgers';
export { solveReactionDiffusion, logisticStep, type ReactionDiffusionOptions } from './reactionDiffusion';
export { solveCfd, GAMMA, type CfdOptions, type CfdState } from './cfd';
export { frameTimes } from './finiteVolume';
export { solveDarcy, darcyOperator, applyDarcy, type DarcyOperator, type DarcyOptions, type DarcySolution } from './darcy';
export { gaussianRandomField, thresholdField, DEFAULT_GRF, type GrfOptions } from './grf';
export { solveCfd2d, hllcFlux, CFD2D_CHANNELS, type Cfd2dState, type Cfd2dOptions } from './cfd2d';
export { randomCfd2dInitialState } from './initial2d';
