"""Padding, transposed convolutions, adaptive pooling, resizing and pixel shuffling against PyTorch."""
import torch
import torch.nn.functional as F

from cases import Draw, Layer, Op, normal, positive  # noqa: F401


def _pad(name, shape, padding, mode, value=0.0):
    soma_mode = "" if mode == "constant" else f', mode: "{mode}"'
    soma_value = f", value: {value}" if value else ""
    return Op(f"pad_{name}", {"x": normal(*shape)}, f"pad(x, {list(padding)}{soma_mode}{soma_value})",
              lambda x: F.pad(x, list(padding), mode=mode, value=value) if mode == "constant"
              else F.pad(x, list(padding), mode=mode))


def _convT(name, x, w, options, torch_options, dims=2, bias=None):
    fn = F.conv_transpose2d if dims == 2 else F.conv_transpose1d
    inputs = {"x": normal(*x), "w": normal(*w)}
    if bias is not None:
        inputs["b"] = normal(bias)
        return Op(name, inputs, f"convTranspose{dims}d(x, w, bias: b{options})",
                  lambda x, w, b: fn(x, w, b, **torch_options), atol=1e-4)
    return Op(name, inputs, f"convTranspose{dims}d(x, w{options})", lambda x, w: fn(x, w, **torch_options), atol=1e-4)


OPS = [
    _pad("constant_last", (2, 3, 4), (1, 2), "constant"),
    _pad("constant_value_2d", (2, 3, 4), (1, 0, 2, 1), "constant", 1.5),
    _pad("constant_three_dims", (2, 3, 4), (1, 1, 0, 2, 1, 0), "constant"),
    _pad("constant_crop", (2, 3, 5), (-1, 2, 1, -1), "constant"),
    _pad("reflect_1d", (2, 3, 5), (2, 4), "reflect"),
    _pad("reflect_2d", (2, 3, 4, 5), (1, 2, 3, 0), "reflect"),
    _pad("reflect_unbatched", (3, 4, 5), (1, 1, 2, 2), "reflect"),
    _pad("replicate_1d", (2, 3, 4), (3, 1), "replicate"),
    _pad("replicate_2d", (2, 3, 4, 5), (2, 0, 1, 3), "replicate"),
    _pad("replicate_3d", (1, 2, 3, 4, 3), (1, 1, 2, 0, 0, 1), "replicate"),
    _pad("circular_1d", (2, 3, 4), (4, 2), "circular"),
    _pad("circular_2d", (2, 3, 4, 5), (1, 2, 3, 1), "circular"),
    _convT("conv_transpose2d", (2, 3, 5, 5), (3, 4, 3, 3), "", {}),
    _convT("conv_transpose2d_stride", (2, 3, 5, 5), (3, 4, 3, 3), ", stride: 2", {"stride": 2}),
    _convT("conv_transpose2d_bias_padding", (2, 3, 4, 5), (3, 2, 3, 2), ", stride: [2, 1], padding: [1, 0]",
           {"stride": (2, 1), "padding": (1, 0)}, bias=2),
    _convT("conv_transpose2d_output_padding", (2, 2, 4, 4), (2, 3, 3, 3), ", stride: 3, padding: 1, outputPadding: [2, 1]",
           {"stride": 3, "padding": 1, "output_padding": (2, 1)}),
    _convT("conv_transpose2d_groups", (2, 4, 3, 4), (4, 3, 2, 3), ", stride: 2, groups: 2",
           {"stride": 2, "groups": 2}, bias=6),
    _convT("conv_transpose2d_dilation", (2, 2, 4, 4), (2, 3, 3, 3), ", stride: 2, padding: 2, dilation: 2",
           {"stride": 2, "padding": 2, "dilation": 2}),
    _convT("conv_transpose2d_output_padding_dilation", (1, 2, 3, 3), (2, 2, 2, 2), ", outputPadding: 1, dilation: 2",
           {"output_padding": 1, "dilation": 2}),
    _convT("conv_transpose2d_unbatched", (3, 4, 4), (3, 2, 3, 3), ", stride: 2, padding: 1", {"stride": 2, "padding": 1}),
    _convT("conv_transpose1d", (2, 3, 7), (3, 4, 3), ", stride: 2, padding: 1, outputPadding: 1",
           {"stride": 2, "padding": 1, "output_padding": 1}, dims=1, bias=4),
    _convT("conv_transpose1d_groups_dilation", (2, 4, 6), (4, 1, 3), ", groups: 2, dilation: 3",
           {"groups": 2, "dilation": 3}, dims=1),
    Op("adaptive_avg_pool2d", {"x": normal(2, 3, 7, 5)}, "adaptiveAvgPool2d(x, [3, 2])",
       lambda x: F.adaptive_avg_pool2d(x, (3, 2))),
    Op("adaptive_avg_pool2d_grow", {"x": normal(1, 2, 3, 4)}, "adaptiveAvgPool2d(x, 5)", lambda x: F.adaptive_avg_pool2d(x, 5)),
    Op("adaptive_max_pool2d", {"x": normal(2, 3, 7, 5)}, "adaptiveMaxPool2d(x, [3, 4])",
       lambda x: F.adaptive_max_pool2d(x, (3, 4))),
    Op("adaptive_max_pool2d_unbatched", {"x": normal(3, 6, 5)}, "adaptiveMaxPool2d(x, 4)", lambda x: F.adaptive_max_pool2d(x, 4)),
    Op("interpolate_nearest_size", {"x": normal(2, 3, 4, 5)}, "interpolate(x, size: [7, 3])",
       lambda x: F.interpolate(x, size=(7, 3))),
    Op("interpolate_nearest_scale", {"x": normal(2, 3, 4, 5)}, "interpolate(x, scaleFactor: 2)",
       lambda x: F.interpolate(x, scale_factor=2)),
    Op("interpolate_nearest_1d", {"x": normal(2, 3, 5)}, "interpolate(x, scaleFactor: 1.7)",
       lambda x: F.interpolate(x, scale_factor=1.7)),
    Op("interpolate_bilinear", {"x": normal(2, 3, 4, 5)}, 'interpolate(x, size: [7, 3], mode: "bilinear")',
       lambda x: F.interpolate(x, size=(7, 3), mode="bilinear", align_corners=False)),
    Op("interpolate_bilinear_scale", {"x": normal(2, 3, 4, 5)}, 'interpolate(x, scaleFactor: [1.5, 2], mode: "bilinear")',
       lambda x: F.interpolate(x, scale_factor=(1.5, 2), mode="bilinear", align_corners=False)),
    Op("interpolate_bilinear_align_corners", {"x": normal(2, 3, 4, 5)},
       'interpolate(x, size: [7, 9], mode: "bilinear", alignCorners: true)',
       lambda x: F.interpolate(x, size=(7, 9), mode="bilinear", align_corners=True)),
    Op("unfold", {"x": normal(2, 3, 5, 6)}, "unfold(x, [2, 3], padding: 1, stride: [2, 1])",
       lambda x: F.unfold(x, (2, 3), padding=1, stride=(2, 1))),
    Op("unfold_dilation", {"x": normal(3, 6, 6)}, "unfold(x, 2, dilation: 2)", lambda x: F.unfold(x, 2, dilation=2)),
    Op("fold", {"x": normal(2, 12, 18)}, "fold(x, [5, 6], [2, 3], padding: 1, stride: [2, 1])",
       lambda x: F.fold(x, (5, 6), (2, 3), padding=1, stride=(2, 1))),
    Op("fold_overlap", {"x": normal(1, 8, 9)}, "fold(x, 4, 2)", lambda x: F.fold(x, 4, 2)),
    Op("pixel_shuffle", {"x": normal(2, 8, 3, 4)}, "pixelShuffle(x, 2)", lambda x: F.pixel_shuffle(x, 2)),
    Op("pixel_shuffle_unbatched", {"x": normal(9, 2, 3)}, "pixelShuffle(x, 3)", lambda x: F.pixel_shuffle(x, 3)),
]

LAYERS = [
    Layer("adaptive_avg_pool2d_layer", "AdaptiveAvgPool2d([2, 3])", lambda: torch.nn.AdaptiveAvgPool2d((2, 3)), normal(2, 3, 5, 7)),
    Layer("adaptive_max_pool2d_layer", "AdaptiveMaxPool2d(3)", lambda: torch.nn.AdaptiveMaxPool2d(3), normal(2, 3, 5, 7)),
    Layer("upsample_nearest", "Upsample(scaleFactor: 2)", lambda: torch.nn.Upsample(scale_factor=2), normal(2, 3, 3, 4)),
    Layer("upsample_bilinear", 'Upsample(size: [5, 6], mode: "bilinear")',
          lambda: torch.nn.Upsample(size=(5, 6), mode="bilinear"), normal(2, 3, 3, 4)),
    Layer("upsample_bilinear_align_corners", 'Upsample(scaleFactor: 2, mode: "bilinear", alignCorners: true)',
          lambda: torch.nn.Upsample(scale_factor=2, mode="bilinear", align_corners=True), normal(2, 3, 3, 4)),
    Layer("unfold_layer", "Unfold(3, padding: 1)", lambda: torch.nn.Unfold(3, padding=1), normal(2, 2, 4, 5)),
    Layer("fold_layer", "Fold([4, 5], 2, stride: [2, 1])", lambda: torch.nn.Fold((4, 5), 2, stride=(2, 1)), normal(2, 8, 8)),
    Layer("pixel_shuffle_layer", "PixelShuffle(2)", lambda: torch.nn.PixelShuffle(2), normal(2, 4, 3, 3)),
    Layer("conv_transpose2d_layer", "ConvTranspose2d(3, 4, 3)", lambda: torch.nn.ConvTranspose2d(3, 4, 3),
          normal(2, 3, 5, 5), atol=1e-4),
    Layer("conv_transpose2d_layer_options", "ConvTranspose2d(4, 6, [3, 2], stride: 2, padding: 1, outputPadding: 1, groups: 2)",
          lambda: torch.nn.ConvTranspose2d(4, 6, (3, 2), stride=2, padding=1, output_padding=1, groups=2),
          normal(2, 4, 4, 3), atol=1e-4),
    Layer("conv_transpose2d_layer_no_bias", "ConvTranspose2d(2, 3, 3, bias: false, dilation: 2)",
          lambda: torch.nn.ConvTranspose2d(2, 3, 3, bias=False, dilation=2), normal(2, 2, 4, 4), atol=1e-4),
    Layer("conv_transpose1d_layer", "ConvTranspose1d(3, 2, 4, stride: 3, padding: 1, outputPadding: 2)",
          lambda: torch.nn.ConvTranspose1d(3, 2, 4, stride=3, padding=1, output_padding=2), normal(2, 3, 6), atol=1e-4),
]
