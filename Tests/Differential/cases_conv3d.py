"""3-D convolution and pooling against PyTorch, with the gradient of every input."""
import torch
import torch.nn.functional as F

from cases import Layer, Op, normal

OPS = [
    Op("conv3d", {"x": normal(2, 3, 4, 5, 5), "w": normal(4, 3, 2, 3, 3), "b": normal(4)}, "conv3d(x, w, bias: b, padding: 1)",
       lambda x, w, b: F.conv3d(x, w, b, padding=1), atol=1e-4),
    Op("conv3d_strided_dilated", {"x": normal(1, 2, 7, 8, 9), "w": normal(3, 2, 2, 3, 2)},
       "conv3d(x, w, stride: [2, 1, 3], dilation: [2, 2, 1], padding: [1, 0, 2])",
       lambda x, w: F.conv3d(x, w, stride=(2, 1, 3), dilation=(2, 2, 1), padding=(1, 0, 2)), atol=1e-4),
    Op("conv3d_groups", {"x": normal(2, 4, 3, 4, 4), "w": normal(6, 2, 3, 3, 3), "b": normal(6)},
       "conv3d(x, w, bias: b, groups: 2, padding: \"same\")",
       lambda x, w, b: F.conv3d(x, w, b, groups=2, padding="same"), atol=1e-4),
    Op("conv3d_unbatched", {"x": normal(2, 3, 4, 4), "w": normal(3, 2, 2, 2, 2)}, "conv3d(x, w, stride: 2)",
       lambda x, w: F.conv3d(x, w, stride=2), atol=1e-4),
    Op("max_pool3d", {"x": normal(2, 3, 4, 6, 6)}, "maxPool3d(x, 2)", lambda x: F.max_pool3d(x, 2)),
    Op("max_pool3d_options", {"x": normal(1, 2, 7, 6, 8)}, "maxPool3d(x, [3, 2, 3], stride: [2, 1, 2], padding: 1, dilation: [1, 2, 1], ceilMode: true)",
       lambda x: F.max_pool3d(x, (3, 2, 3), stride=(2, 1, 2), padding=1, dilation=(1, 2, 1), ceil_mode=True)),
    Op("max_pool3d_unbatched", {"x": normal(2, 5, 5, 5)}, "maxPool3d(x, 3, stride: 2)", lambda x: F.max_pool3d(x, 3, stride=2)),
    Op("avg_pool3d", {"x": normal(2, 3, 4, 6, 6)}, "avgPool3d(x, 2)", lambda x: F.avg_pool3d(x, 2)),
    Op("avg_pool3d_padded", {"x": normal(1, 2, 5, 6, 7)}, "avgPool3d(x, 3, stride: 2, padding: 1)",
       lambda x: F.avg_pool3d(x, 3, stride=2, padding=1)),
    Op("avg_pool3d_exclude_pad_ceil", {"x": normal(1, 2, 6, 5, 7)},
       "avgPool3d(x, [3, 2, 3], stride: 2, padding: [1, 1, 0], ceilMode: true, countIncludePad: false)",
       lambda x: F.avg_pool3d(x, (3, 2, 3), stride=2, padding=(1, 1, 0), ceil_mode=True, count_include_pad=False)),
    Op("avg_pool3d_ceil", {"x": normal(1, 2, 6, 5, 7)}, "avgPool3d(x, 3, stride: 2, padding: 1, ceilMode: true)",
       lambda x: F.avg_pool3d(x, 3, stride=2, padding=1, ceil_mode=True)),
]

LAYERS = [
    Layer("conv3d", "Conv3d(3, 4, 3, padding: 1)", lambda: torch.nn.Conv3d(3, 4, 3, padding=1), normal(2, 3, 4, 5, 5), atol=1e-4),
    Layer("conv3d_options", "Conv3d(4, 6, [2, 3, 3], stride: [1, 2, 2], groups: 2, bias: false)",
          lambda: torch.nn.Conv3d(4, 6, (2, 3, 3), stride=(1, 2, 2), groups=2, bias=False), normal(2, 4, 4, 7, 7), atol=1e-4),
    Layer("max_pool3d", "MaxPool3d(2, stride: [1, 2, 2], padding: 1)", lambda: torch.nn.MaxPool3d(2, stride=(1, 2, 2), padding=1),
          normal(2, 3, 4, 5, 5)),
    Layer("avg_pool3d", "AvgPool3d(3, stride: 2, padding: 1, countIncludePad: false)",
          lambda: torch.nn.AvgPool3d(3, stride=2, padding=1, count_include_pad=False), normal(2, 3, 5, 6, 6)),
]
