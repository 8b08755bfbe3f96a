// Dust: the CCM89 extinction law (Cardelli, Clayton & Mathis 1989) and the transmission of a foreground screen.
export { CCM89_RV, ccm89K, dustTransmission } from './ccm89';
