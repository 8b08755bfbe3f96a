// abundance: gas-phase 12+log(O/H) from strong-line ratios with propagated errors, the calibrations forward and inverse
// (the inverse gives the simulator its line ratios), and the paper's spaxel selection (Ju et al. §3.1).
export * from './strong-line-indices';
export * from './calibrations';
export * from './inverse-calibrations';
export * from './metallicity';
export * from './select-spaxels';
