//! Medians, percentiles and ranges.

use serde_json::{Value, json};

/// Sorts and returns the median (the mean of the middle two for an even count).
pub(crate) fn median(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

/// Sorts and returns the `p`-th percentile (nearest rank).
pub(crate) fn percentile(values: &mut [f64], p: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * values.len() as f64).ceil() as usize;
    values[rank.clamp(1, values.len()) - 1]
}

/// A median with the minimum and maximum of the values it was taken from.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Range {
    pub(crate) median: f64,
    pub(crate) min: f64,
    pub(crate) max: f64,
}

impl Range {
    pub(crate) fn of(values: &[f64]) -> Self {
        let mut v = values.to_vec();
        let median = median(&mut v);
        Self {
            median,
            min: v.first().copied().unwrap_or(f64::NAN),
            max: v.last().copied().unwrap_or(f64::NAN),
        }
    }

    pub(crate) fn json(&self) -> Value {
        json!({ "median": round(self.median), "min": round(self.min), "max": round(self.max) })
    }
}

/// Four significant decimals are plenty for the JSON.
pub(crate) fn round(x: f64) -> f64 {
    if !x.is_finite() {
        return x;
    }
    (x * 1e4).round() / 1e4
}
