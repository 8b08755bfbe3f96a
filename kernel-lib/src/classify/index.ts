// classify: which spaxels are star-forming — BPT, WHAN and mass–excitation diagrams, and the paper's BPT-else-WHAN rule (Ju et al. §3.1).
export * from './line-measurements';
export * from './bpt-demarcation';
export * from './bpt';
export * from './whan';
export * from './n2-only';
export * from './mass-excitation';
export * from './class-codes';
export * from './classify-spaxel';
export * from './compare-classifications';
