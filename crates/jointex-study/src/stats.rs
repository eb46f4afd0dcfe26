//! The statistics of a study: distributions of a measure over runs, and paired differences
//! with their 95 % confidence intervals.
//!
//! Paired because both policy sets play the same seeds: the seed fixes the adversary's dice,
//! so the difference of a measure on one seed is the policy's effect on that draw, and the
//! interval of the mean difference is far narrower than comparing two independent samples.
//! The interval is Student's t on the per-seed differences.

use serde::{Deserialize, Serialize};

/// A measure's distribution over the runs where it had a value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Distribution {
    /// Runs with a value.
    pub n: u32,
    /// Runs without one (nothing to measure).
    pub missing: u32,
    /// Mean.
    pub mean: f64,
    /// Sample standard deviation (0 for fewer than two values).
    pub sd: f64,
    /// Smallest.
    pub min: f64,
    /// 5th percentile.
    pub p5: f64,
    /// 25th percentile.
    pub p25: f64,
    /// Median.
    pub median: f64,
    /// 75th percentile.
    pub p75: f64,
    /// 95th percentile.
    pub p95: f64,
    /// Largest.
    pub max: f64,
}

/// Rounds to six decimals, so files read well and `0.1 + 0.2` prints as `0.3`.
pub fn tidy(x: f64) -> f64 {
    let r = (x * 1e6).round() / 1e6;
    // -0.0 prints as "-0.0": keep zero one way.
    if r == 0.0 { 0.0 } else { r }
}

/// The `q`-quantile (0 to 1) of sorted values, interpolating between neighbours (the
/// definition R and NumPy use by default).
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        1 => sorted[0],
        n => {
            let h = (n - 1) as f64 * q.clamp(0.0, 1.0);
            let lo = h.floor() as usize;
            let hi = (lo + 1).min(n - 1);
            sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
        }
    }
}

fn mean_sd(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let sd = if values.len() < 2 {
        0.0
    } else {
        (values.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
    };
    (mean, sd)
}

impl Distribution {
    /// The distribution of the values present; `None` when none is.
    pub fn of(values: impl IntoIterator<Item = Option<f64>>) -> Option<Distribution> {
        let mut missing = 0u32;
        let mut v: Vec<f64> = values
            .into_iter()
            .filter_map(|x| {
                if x.is_none() {
                    missing += 1;
                }
                x
            })
            .filter(|x| x.is_finite())
            .collect();
        if v.is_empty() {
            return None;
        }
        v.sort_by(f64::total_cmp);
        let (mean, sd) = mean_sd(&v);
        Some(Distribution {
            n: v.len() as u32,
            missing,
            mean: tidy(mean),
            sd: tidy(sd),
            min: tidy(v[0]),
            p5: tidy(quantile(&v, 0.05)),
            p25: tidy(quantile(&v, 0.25)),
            median: tidy(quantile(&v, 0.5)),
            p75: tidy(quantile(&v, 0.75)),
            p95: tidy(quantile(&v, 0.95)),
            max: tidy(v[v.len() - 1]),
        })
    }
}

/// The mean paired difference `b − a` over the seeds where both had a value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Paired {
    /// Seeds with a value under both.
    pub n: u32,
    /// Mean under `a` over those seeds.
    pub mean_a: f64,
    /// Mean under `b` over those seeds.
    pub mean_b: f64,
    /// Mean of `b − a`.
    pub diff: f64,
    /// Lower end of the 95 % confidence interval of `diff`.
    pub low: f64,
    /// Upper end.
    pub high: f64,
}

impl Paired {
    /// The paired difference; `None` with fewer than two pairs (no interval).
    pub fn of(pairs: impl IntoIterator<Item = (Option<f64>, Option<f64>)>) -> Option<Paired> {
        let (a, b): (Vec<f64>, Vec<f64>) = pairs
            .into_iter()
            .filter_map(|(a, b)| Some((a?, b?)))
            .filter(|(a, b)| a.is_finite() && b.is_finite())
            .unzip();
        if a.len() < 2 {
            return None;
        }
        let d: Vec<f64> = a.iter().zip(&b).map(|(a, b)| b - a).collect();
        let (diff, sd) = mean_sd(&d);
        let half = t975(d.len() - 1) * sd / (d.len() as f64).sqrt();
        Some(Paired {
            n: d.len() as u32,
            mean_a: tidy(mean_sd(&a).0),
            mean_b: tidy(mean_sd(&b).0),
            diff: tidy(diff),
            low: tidy(diff - half),
            high: tidy(diff + half),
        })
    }

    /// The interval leaves out zero: the data show a difference.
    pub fn clear(&self) -> bool {
        self.low > 0.0 || self.high < 0.0
    }
}

/// The 97.5 % quantile of Student's t with `df` degrees of freedom: the multiplier of a
/// two-sided 95 % interval. Exact to three decimals from tables up to 30; beyond, the
/// Cornish–Fisher expansion around the normal quantile, which is closer than that.
pub fn t975(df: usize) -> f64 {
    const TABLE: [f64; 30] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
        2.052, 2.048, 2.045, 2.042,
    ];
    if df == 0 {
        return f64::INFINITY;
    }
    if let Some(t) = TABLE.get(df - 1) {
        return *t;
    }
    let z: f64 = 1.959_963_984_540_054;
    let v = df as f64;
    z + (z.powi(3) + z) / (4.0 * v)
        + (5.0 * z.powi(5) + 16.0 * z.powi(3) + 3.0 * z) / (96.0 * v * v)
        + (3.0 * z.powi(7) + 19.0 * z.powi(5) + 17.0 * z.powi(3) - 15.0 * z) / (384.0 * v.powi(3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate_like_numpy() {
        let v = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile(&v, 0.5), 2.5);
        assert_eq!(quantile(&v, 0.25), 1.75);
        assert_eq!(quantile(&v, 0.0), 1.0);
        assert_eq!(quantile(&v, 1.0), 4.0);
        assert_eq!(quantile(&[7.0], 0.3), 7.0);
    }

    #[test]
    fn a_distribution_counts_what_is_missing() {
        let d = Distribution::of([Some(1.0), None, Some(3.0), None]).expect("two values");
        assert_eq!(
            (d.n, d.missing, d.mean, d.min, d.max),
            (2, 2, 2.0, 1.0, 3.0)
        );
        assert!((d.sd - std::f64::consts::SQRT_2).abs() < 1e-6);
        assert!(Distribution::of([None, None]).is_none());
    }

    #[test]
    fn t_quantiles_match_the_tables() {
        assert_eq!(t975(1), 12.706);
        assert_eq!(t975(30), 2.042);
        // Published values: 2.021 (40), 2.000 (60), 1.984 (100), 1.962 (1000).
        for (df, t) in [(40, 2.021), (60, 2.000), (100, 1.984), (1000, 1.962)] {
            assert!((t975(df) - t).abs() < 0.0015, "df {df}: {}", t975(df));
        }
    }

    #[test]
    fn a_paired_interval_holds_a_known_difference() {
        // b is a plus 1, give or take noise that averages out: the interval holds 1, not 0.
        let pairs: Vec<_> = (0..50)
            .map(|i| {
                let a = f64::from(i % 7);
                let noise = if i % 2 == 0 { 0.5 } else { -0.5 };
                (Some(a), Some(a + 1.0 + noise))
            })
            .collect();
        let p = Paired::of(pairs).expect("pairs");
        assert_eq!(p.n, 50);
        assert!(p.low < 1.0 && 1.0 < p.high, "{p:?}");
        assert!(p.clear());
        // No difference at all: a zero-width interval at 0, not a clear one.
        let same =
            Paired::of((0..10).map(|i| (Some(f64::from(i)), Some(f64::from(i))))).expect("pairs");
        assert_eq!((same.diff, same.low, same.high), (0.0, 0.0, 0.0));
        assert!(!same.clear());
        assert!(Paired::of([(Some(1.0), None), (Some(2.0), Some(3.0))]).is_none());
    }
}
