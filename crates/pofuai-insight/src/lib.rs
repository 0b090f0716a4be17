//! PofuAi's numbers: the Turkish retail calendar, demand forecasts with model selection by
//! rolling-origin backtest, reorder points, RFM segments, cohorts, customer lifetime value and recommendations.
//!
//! Pure computation like `pofuai-imaging`: series and events in, numbers out, no IO. The CLI
//! (`pofuai forecast`), the server's refresher and the evaluation example share it.

pub mod bundles;
pub mod calendar;
pub mod csv;
pub mod customers;
pub mod forecast;
pub mod metrics;
pub mod recommend;
pub mod series;
pub mod stock;

pub use forecast::{Forecast, ForecastOptions, ModelKind, forecast};
pub use series::{Series, Step};
