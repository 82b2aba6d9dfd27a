"""The activations beyond ReLU (selu, celu, mish, hardsigmoid, hardtanh, softsign, threshold, glu, prelu)
and the normalizations without batch statistics (group, instance, local response), as functions and
layers. Whole-number draws (`steps`) land on the kinks, where the gradients follow PyTorch's conventions."""
import torch
import torch.nn.functional as F

from cases import Draw, Layer, Op, normal, positive, steps

OPS = [
    Op("selu", {"x": normal(3, 4)}, "selu(x)", lambda x: F.selu(x)),
    Op("selu_kinks", {"x": steps(3, 4)}, "selu(x)", lambda x: F.selu(x)),
    # celu as alpha·elu(x/alpha), the same function: PyTorch's own celu backward rounds 1/alpha through
    # float32 (derivatives.yaml: `1.0/alpha.toFloat()`), a 1e-8 error a float64 comparison would see.
    Op("celu", {"x": normal(3, 4)}, "celu(x, alpha: 0.7)", lambda x: 0.7 * F.elu(x / 0.7)),
    Op("celu_kinks", {"x": steps(3, 4)}, "celu(x)", lambda x: F.celu(x)),
    Op("mish", {"x": Draw((4, 5), "uniform", -8, 8)}, "mish(x)", lambda x: F.mish(x)),
    # hardsigmoid as hardtanh(x + 3, 0, 6)/6, the same function with the same kinks: PyTorch's own
    # hardsigmoid backward multiplies by the float32 constant 1.0f/6.0f, a 1e-8 error in float64.
    Op("hardsigmoid", {"x": Draw((4, 5), "uniform", -5, 5)}, "hardsigmoid(x)", lambda x: F.hardtanh(x + 3, 0.0, 6.0) / 6),
    Op("hardtanh", {"x": normal(3, 4)}, "hardtanh(x, minVal: -0.5, maxVal: 0.8)", lambda x: F.hardtanh(x, -0.5, 0.8)),
    Op("hardtanh_kinks", {"x": steps(4, 5)}, "hardtanh(x)", lambda x: F.hardtanh(x)),
    Op("softsign", {"x": normal(3, 4)}, "softsign(x)", lambda x: F.softsign(x)),
    Op("threshold", {"x": normal(3, 4)}, "threshold(x, 0.1, 20)", lambda x: F.threshold(x, 0.1, 20.0)),
    Op("threshold_kinks", {"x": steps(4, 5)}, "threshold(x, 1, -3)", lambda x: F.threshold(x, 1.0, -3.0)),
    Op("glu", {"x": normal(3, 4)}, "glu(x)", lambda x: F.glu(x)),
    Op("glu_axis0", {"x": normal(4, 3)}, "glu(x, axis: 0)", lambda x: F.glu(x, 0)),
    Op("prelu_shared", {"x": normal(2, 3, 4), "w": positive(1)}, "prelu(x, w)", lambda x, w: F.prelu(x, w)),
    Op("prelu_channels", {"x": steps(2, 3, 4), "w": normal(3)}, "prelu(x, w)", lambda x, w: F.prelu(x, w)),
    Op("group_norm", {"x": normal(2, 4, 3, 3), "w": normal(4), "b": normal(4)}, "groupNorm(x, 2, weight: w, bias: b)",
       lambda x, w, b: F.group_norm(x, 2, w, b), atol=1e-4),
    Op("group_norm_plain", {"x": normal(3, 6, 5)}, "groupNorm(x, 3, eps: 0.01)", lambda x: F.group_norm(x, 3, eps=0.01), atol=1e-4),
    Op("instance_norm", {"x": normal(2, 3, 5), "w": normal(3), "b": normal(3)}, "instanceNorm(x, weight: w, bias: b)",
       lambda x, w, b: F.instance_norm(x, weight=w, bias=b), atol=1e-4),
    Op("local_response_norm", {"x": normal(2, 5, 3, 3)}, "localResponseNorm(x, 3, alpha: 0.5, beta: 0.75, k: 1.5)",
       lambda x: F.local_response_norm(x, 3, alpha=0.5, beta=0.75, k=1.5), atol=1e-4),
]

LAYERS = [
    Layer("act_selu", "SELU()", lambda: torch.nn.SELU(), normal(3, 4)),
    Layer("act_celu", "CELU(alpha: 2)", lambda: torch.nn.CELU(2.0), normal(3, 4)),
    Layer("act_mish", "Mish()", lambda: torch.nn.Mish(), normal(3, 4)),
    # PyTorch's hardsigmoid backward uses the float32 constant 1.0f/6.0f (see the op case above).
    Layer("act_hardsigmoid", "Hardsigmoid()", lambda: torch.nn.Hardsigmoid(), Draw((4, 5), "uniform", -5, 5), atol64=1e-7),
    Layer("act_hardtanh", "Hardtanh(minVal: -2, maxVal: 0.5)", lambda: torch.nn.Hardtanh(-2.0, 0.5), normal(3, 4)),
    Layer("act_softsign", "Softsign()", lambda: torch.nn.Softsign(), normal(3, 4)),
    Layer("act_threshold", "Threshold(0.2, -1)", lambda: torch.nn.Threshold(0.2, -1.0), normal(3, 4)),
    Layer("act_glu", "GLU(axis: 1)", lambda: torch.nn.GLU(1), normal(2, 6, 3)),
    Layer("prelu_layer", "PReLU()", lambda: torch.nn.PReLU(), normal(3, 4)),
    Layer("prelu_layer_channels", "PReLU(numParameters: 3, init: 0.1)", lambda: torch.nn.PReLU(3, 0.1), normal(2, 3, 4, 4)),
    Layer("group_norm_layer", "GroupNorm(2, 4)", lambda: torch.nn.GroupNorm(2, 4), normal(2, 4, 3, 3), atol=1e-4),
    Layer("group_norm_layer_plain", "GroupNorm(1, 3, eps: 0.001, affine: false)", lambda: torch.nn.GroupNorm(1, 3, 1e-3, affine=False),
          normal(4, 3, 5), atol=1e-4),
    Layer("instance_norm1d", "InstanceNorm1d(3)", lambda: torch.nn.InstanceNorm1d(3), normal(2, 3, 6), atol=1e-4),
    Layer("instance_norm1d_affine", "InstanceNorm1d(3, affine: true)", lambda: torch.nn.InstanceNorm1d(3, affine=True),
          normal(2, 3, 6), atol=1e-4),
    Layer("instance_norm1d_unbatched", "InstanceNorm1d(3, affine: true)", lambda: torch.nn.InstanceNorm1d(3, affine=True),
          normal(3, 6), atol=1e-4),
    Layer("instance_norm2d_affine", "InstanceNorm2d(3, affine: true)", lambda: torch.nn.InstanceNorm2d(3, affine=True),
          normal(2, 3, 4, 4), atol=1e-4),
    Layer("instance_norm1d_running", "InstanceNorm1d(3, momentum: 0.3, affine: true, trackRunningStats: true)",
          lambda: torch.nn.InstanceNorm1d(3, momentum=0.3, affine=True, track_running_stats=True), normal(4, 3, 6), atol=1e-4),
    Layer("instance_norm2d_running_eval", "InstanceNorm2d(3, trackRunningStats: true)",
          lambda: torch.nn.InstanceNorm2d(3, track_running_stats=True), normal(2, 3, 4, 4), atol=1e-4, train=False),
    Layer("local_response_norm_layer", "LocalResponseNorm(5)", lambda: torch.nn.LocalResponseNorm(5), normal(2, 7, 3, 3), atol=1e-4),
    Layer("local_response_norm_layer_even", "LocalResponseNorm(4, alpha: 0.3, beta: 0.5, k: 2)",
          lambda: torch.nn.LocalResponseNorm(4, alpha=0.3, beta=0.5, k=2.0), normal(2, 6, 5), atol=1e-4),
]
