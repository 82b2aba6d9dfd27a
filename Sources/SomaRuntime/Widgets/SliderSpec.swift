import Foundation
import JSONFormat
import Script

/// A slider's range and step: `IntSlider`, `FloatSlider`, or with `log` a `FloatLogSlider` (whose
/// model counts its range in powers of ten while its value stays a plain number).
struct SliderSpec {
    let min: Double
    let max: Double
    let step: Double
    let log: Bool
    let integer: Bool

    /// Checks the bounds: finite, min below max, positive for a log slider, a positive step.
    /// `step` nil picks a hundredth of the range (a tenth of a power of ten for a log slider).
    init(min: Double, max: Double, step: Double?, log: Bool, integer: Bool) throws {
        guard min.isFinite, max.isFinite, min < max else {
            throw ScriptError("ValueError", "slider: min (\(Value.formatNumber(min))) must be less than max (\(Value.formatNumber(max))), both finite")
        }
        if log, min <= 0 {
            throw ScriptError("ValueError", "slider: a log slider needs a positive min, got \(Value.formatNumber(min))")
        }
        if let step, !(step > 0 && step.isFinite) {
            throw ScriptError("ValueError", "slider: step must be a positive number, got \(Value.formatNumber(step))")
        }
        self.min = min
        self.max = max
        self.log = log
        self.integer = integer && !log
        self.step = step ?? (log ? 0.1 : integer ? 1 : (max - min) / 100)
    }

    /// The model's name without `Model`/`View`.
    var name: String { log ? "FloatLogSlider" : integer ? "IntSlider" : "FloatSlider" }

    /// The value a slider starts at when none is given: the middle of its range (on a log scale for a
    /// log slider), whole for an integer slider.
    var middle: Double {
        if log { return pow(10, (log10(min) + log10(max)) / 2) }
        let mid = min + (max - min) / 2
        return integer ? mid.rounded(.down) : mid
    }

    /// `x` moved into the range (and made whole for an integer slider), as ipywidgets clamps.
    func clamped(_ x: Double) -> Double {
        let inside = Swift.min(Swift.max(x, min), max)
        return integer ? inside.rounded() : inside
    }

    func json(_ x: Double) -> JSON { integer ? .int(Int(x)) : .double(x) }

    /// The attributes of the slider's model besides value, description and the DOM ones.
    var state: [String: JSON] {
        var state: [String: JSON] = [
            "behavior": "drag-tap", "continuous_update": true, "orientation": "horizontal", "readout": true,
            "readout_format": integer ? "d" : ".3g", "step": json(step),
        ]
        if log {
            state["min"] = .double(log10(min))
            state["max"] = .double(log10(max))
            state["base"] = 10.0
        } else {
            state["min"] = json(min)
            state["max"] = json(max)
        }
        return state
    }

    /// The range in the text form: `0.001…1`.
    var rangeText: String { Value.formatNumber(min) + "…" + Value.formatNumber(max) }
}
