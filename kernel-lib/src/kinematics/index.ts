// Kinematics (Ju et al., MSA-3D §4.2): the pseudo-slit major-axis profile, the arctan rotation
// curve (eq. 3) fitted by nested sampling, σ0 beyond 3 kpc, v_c/σ0 and its class, and the dynamical mass.
export type { ArctanRotationCurve } from './arctan-rotation-curve';
export { arctanRotationSpeedKms, arctanVelocityKms, majorAxisVelocityKms, diskVelocityKms, lineOfSightVelocityKms, projectedArctanAmplitudeKms } from './arctan-rotation-curve';
export type { SlitGeometry, MajorAxisProfileOptions, MajorAxisProfile, BinnedMajorAxisProfile } from './major-axis-profile';
export { majorAxisProfile, binMajorAxisProfile, DEFAULT_SLIT_WIDTH_ARCSEC } from './major-axis-profile';
export type { RotationCurveData, RotationCurvePriors, RotationCurveFitOptions, RotationCurveBand, RotationCurveFit } from './rotation-fit';
export { fitRotationCurve } from './rotation-fit';
export type { Sigma0ErrorMethod, Sigma0Options, Sigma0 } from './sigma0';
export { sigma0 } from './sigma0';
export type { KinematicClass, VOverSigma } from './v-over-sigma';
export { vOverSigma, kinematicClassOf } from './v-over-sigma';
export type { DynamicalMass } from './dynamical-mass';
export { G_KPC_KMS2_PER_MSUN, dynamicalMassMsun, dynamicalMassPosterior } from './dynamical-mass';
export type { KinematicMaps, KinematicsGeometry, FitKinematicsOptions, KinematicMapsOptions, KinematicsSummary } from './fit-kinematics';
export { fitKinematics, kinematicMapsFromCubeFit, AGN_LIKE_CLASSES } from './fit-kinematics';
export type { BeamSmearingGrid, BeamSmearingSpec, BeamSmearing } from './beam-smearing';
export { prepareBeamSmearing, smearedVelocityInto } from './beam-smearing';
