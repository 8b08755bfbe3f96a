// recovery: injection–recovery, the one folder above both the simulator and the analysis pipeline: simulate a Table 1
// galaxy (simulate/presets) and run the paper's chain on it (analyze/analyzeGalaxy). Nothing below imports it.
export * from './preset-recovery';
export * from './forward-recovery';
