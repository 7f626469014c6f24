-- The summary table: one row per condition (every spec column but the init seed).
-- SummaryTable fills in the two placeholders of the condition columns: the columns of
-- RunsTable.CONDITION_COLUMNS in table order, and the same without epsilon; and ${epsilon_fit}, FALSE where
-- the runs hold fewer than two epsilon values > 0 (every fit null: the optimizer drops that aggregation).
-- Fractions are of all runs of the condition; the 95% Wilson score interval uses z = 1.959963984540054.
-- mean_final_loss averages the runs that ended with a finite loss (not failed, not nonfinite).
-- Quantiles are percentile_approx over the runs where the value is defined (not null).
-- median_growth_over_predicted: over the runs with both growth_rate and predicted_growth (split_hessian runs);
-- try_divide, since Spark 4 divides in ANSI mode, where a predicted growth of exactly 0 would fail the query.
-- The epsilon fit: across the epsilon values (> 0) of conditions that differ only in epsilon, the least-squares
-- line diverge_step = eps_fit_intercept + eps_fit_slope * ln(1/epsilon) over every run that diverged, with its
-- r²; null where the sweep has fewer than two epsilon values > 0 with diverged runs.
WITH counts AS (
  SELECT
    ${conditions},
    count(*)                                AS n,
    count_if(outcome = 'tied')              AS n_tied,
    count_if(outcome = 'diverged')          AS n_diverged,
    count_if(outcome = 'split')             AS n_split,
    count_if(outcome = 'merged')            AS n_merged,
    count_if(outcome = 'untied')            AS n_untied,
    count_if(outcome = 'nonfinite')         AS n_nonfinite,
    count_if(outcome = 'failed')            AS n_failed,
    median(diverge_step)                    AS median_diverge_step,
    percentile_approx(diverge_step, 0.25)   AS diverge_step_p25,
    percentile_approx(diverge_step, 0.75)   AS diverge_step_p75,
    median(growth_rate)                     AS median_growth_rate,
    percentile_approx(growth_rate, 0.25)    AS growth_rate_p25,
    percentile_approx(growth_rate, 0.75)    AS growth_rate_p75,
    median(try_divide(growth_rate, predicted_growth)) AS median_growth_over_predicted,
    avg(CASE WHEN outcome NOT IN ('failed', 'nonfinite') THEN final_loss END) AS mean_final_loss,
    avg(CASE WHEN outcome NOT IN ('failed', 'nonfinite') THEN final_accuracy END) AS mean_final_accuracy
  FROM runs
  GROUP BY ${conditions}
),
epsilon_fit AS (
  SELECT
    ${conditions_but_epsilon},
    regr_slope(diverge_step, ln(1 / epsilon))     AS eps_fit_slope,
    regr_intercept(diverge_step, ln(1 / epsilon)) AS eps_fit_intercept,
    regr_r2(diverge_step, ln(1 / epsilon))        AS eps_fit_r2,
    count(diverge_step)                           AS eps_fit_n
  FROM runs
  WHERE ${epsilon_fit} AND epsilon > 0 AND diverge_step IS NOT NULL
  GROUP BY ${conditions_but_epsilon}
  HAVING count(DISTINCT epsilon) >= 2
),
fractions AS (
  SELECT *,
    n_tied / n      AS frac_tied,
    n_diverged / n  AS frac_diverged,
    n_split / n     AS frac_split,
    n_merged / n    AS frac_merged,
    n_untied / n    AS frac_untied,
    n_nonfinite / n AS frac_nonfinite,
    n_failed / n    AS frac_failed,
    1.959963984540054 AS z
  FROM counts
)
SELECT
  ${conditions}, n,
  frac_tied, frac_diverged, frac_split, frac_merged, frac_untied, frac_nonfinite, frac_failed,
  -- Wilson bounds, clamped to [0, 1] against rounding (the exact bounds lie within it)
  greatest(0.0, (frac_tied + z * z / (2 * n) - z * sqrt(frac_tied * (1 - frac_tied) / n + z * z / (4 * n * n)))
      / (1 + z * z / n)) AS tied_ci_low,
  least(1.0, (frac_tied + z * z / (2 * n) + z * sqrt(frac_tied * (1 - frac_tied) / n + z * z / (4 * n * n)))
      / (1 + z * z / n)) AS tied_ci_high,
  greatest(0.0, (frac_diverged + z * z / (2 * n) - z * sqrt(frac_diverged * (1 - frac_diverged) / n + z * z / (4 * n * n)))
      / (1 + z * z / n)) AS diverged_ci_low,
  least(1.0, (frac_diverged + z * z / (2 * n) + z * sqrt(frac_diverged * (1 - frac_diverged) / n + z * z / (4 * n * n)))
      / (1 + z * z / n)) AS diverged_ci_high,
  median_diverge_step, diverge_step_p25, diverge_step_p75,
  median_growth_rate, growth_rate_p25, growth_rate_p75, median_growth_over_predicted,
  mean_final_loss, mean_final_accuracy,
  eps_fit_slope, eps_fit_intercept, eps_fit_r2, eps_fit_n
FROM fractions
LEFT JOIN epsilon_fit USING (${conditions_but_epsilon})
ORDER BY ${conditions}
