// Case B recombination ratios of the Balmer lines at T = 10⁴ K, n_e = 10² cm⁻³ (Osterbrock & Ferland 2006, Table 4.4):
// the intrinsic (dust-free) Hα/Hβ and Hγ/Hβ that Wang et al. (2020, §3.6) adopt and the simulator injects.

/** Intrinsic Hα/Hβ, Case B (Osterbrock & Ferland 2006, Table 4.4). */
export const CASE_B_HALPHA_HBETA = 2.86;
/** Intrinsic Hγ/Hβ, Case B (Osterbrock & Ferland 2006, Table 4.4). */
export const CASE_B_HGAMMA_HBETA = 0.47;
