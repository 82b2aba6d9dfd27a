import JSONFormat

/// The model state of ipywidgets 8 (widget protocol 2): the module names and versions of
/// `@jupyter-widgets/base` and `@jupyter-widgets/controls` 2.0.0 and `@jupyter-widgets/output` 1.0.0,
/// and the attributes each model of theirs declares, so that a notebook's widget manager can build them.
enum WidgetState {
    /// The protocol version sent in every `comm_open`'s metadata.
    static let protocolVersion = "2.1.0"
    /// The comm target of widget models.
    static let target = "jupyter.widget"
    /// The MIME type of a widget's view in a display.
    static let viewMIME = "application/vnd.jupyter.widget-view+json"

    static let base = "@jupyter-widgets/base"
    static let controls = "@jupyter-widgets/controls"
    static let output = "@jupyter-widgets/output"

    /// `IPY_MODEL_<id>`: how one model's state refers to another.
    static func reference(_ id: String) -> JSON { .string("IPY_MODEL_" + id) }

    /// The attributes every model has: its model and view classes and where they come from.
    static func header(model: String, view: String, module: String = controls, viewModule: String? = nil) -> [String: JSON] {
        let version: JSON = module == output ? "1.0.0" : "2.0.0"
        let viewModule = viewModule ?? module
        return [
            "_model_module": .string(module), "_model_module_version": version, "_model_name": .string(model),
            "_view_module": .string(viewModule), "_view_module_version": viewModule == output ? "1.0.0" : "2.0.0",
            "_view_name": .string(view), "_view_count": .null,
        ]
    }

    /// A `LayoutModel` with every CSS property unset.
    static func layout() -> [String: JSON] {
        var state = header(model: "LayoutModel", view: "LayoutView", module: base)
        for key in layoutProperties { state[key] = .null }
        return state
    }

    /// The CSS properties of a `LayoutModel`.
    static let layoutProperties = [
        "align_content", "align_items", "align_self", "border_bottom", "border_left", "border_right", "border_top",
        "bottom", "display", "flex", "flex_flow", "grid_area", "grid_auto_columns", "grid_auto_flow", "grid_auto_rows",
        "grid_column", "grid_gap", "grid_row", "grid_template_areas", "grid_template_columns", "grid_template_rows",
        "height", "justify_content", "justify_items", "left", "margin", "max_height", "max_width", "min_height",
        "min_width", "object_fit", "object_position", "order", "overflow", "padding", "right", "top", "visibility", "width",
    ]

    /// A style model of `@jupyter-widgets/controls` (`SliderStyleModel`, `DescriptionStyleModel`,
    /// `ButtonStyleModel`) with its properties unset.
    static func style(_ model: String) -> [String: JSON] {
        var state = header(model: model, view: "StyleView", viewModule: base)
        switch model {
        case "SliderStyleModel":
            state["description_width"] = ""
            state["handle_color"] = .null
        case "ButtonStyleModel":
            for key in ["button_color", "font_family", "font_size", "font_style", "font_variant", "font_weight",
                        "text_color", "text_decoration"] { state[key] = .null }
        default:
            state["description_width"] = ""
        }
        return state
    }

    /// The attributes of every `DOMWidgetModel`: its layout, no CSS classes, no tooltip.
    static func domWidget(layout: String) -> [String: JSON] {
        ["_dom_classes": [], "layout": reference(layout), "tabbable": .null, "tooltip": .null]
    }

    /// The attributes of a `DescriptionWidget`: its label and style.
    static func described(_ description: String, style: String) -> [String: JSON] {
        ["description": .string(description), "description_allow_html": false, "style": reference(style), "disabled": false]
    }

    /// `{"method": "update", "state": …}`: what sets attributes on the other side.
    static func update(_ state: [String: JSON]) -> [String: JSON] {
        ["method": "update", "state": .object(state), "buffer_paths": []]
    }
}
