"""Recurrent layers beyond one direction at full length: bidirectional stacks, dropout between layers
(in eval mode, where it passes everything), sequences of different lengths (PyTorch's
pack_padded_sequence, the layer, pad_packed_sequence to the input's length) and the one-step cells,
each checking an output or a final state with the input and parameter gradients."""
import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from cases import Layer, normal

LENGTHS = [5, 2, 4, 1]
TOL = dict(atol=1e-4)


def packed(cls, lengths, *args, batch_first=True, **kwargs):
    """`cls` run on sequences of `lengths`, padded back to the input's length."""
    class Packed(cls):
        def forward(self, x):
            p = pack_padded_sequence(x, torch.tensor(lengths), batch_first=batch_first, enforce_sorted=False)
            out, state = super().forward(p)
            out, _ = pad_packed_sequence(out, batch_first=batch_first, total_length=x.shape[1 if batch_first else 0])
            return out, state
    return lambda: Packed(*args, batch_first=batch_first, **kwargs)


def with_state(cls, hidden, *args, **kwargs):
    """A cell given a hidden state (and an LSTM cell state) made from the input, as the Soma call does."""
    class Given(cls):
        def forward(self, x):
            h = x[..., :hidden] * 0.5
            return super().forward(x, (h, torch.tanh(h)) if cls is torch.nn.LSTMCell else h)
    return lambda: Given(*args, **kwargs)


def stack(name, soma, torch_fn, cell=False, lengths=None, **tol):
    """Cases for the outputs and the final states (h, and c for an LSTM) of one configuration."""
    call = f"m(x, lengths: {lengths})" if lengths else "m(x)"
    picks = [("", "result[0]", lambda o: o[0])]
    if cell:
        picks += [("_h", "result[1][0]", lambda o: o[1][0]), ("_c", "result[1][1]", lambda o: o[1][1])]
    else:
        picks += [("_h", "result[1]", lambda o: o[1])]
    return [Layer(name + suffix, soma, torch_fn, normal(4, 5, 3), output=output, call=call, pick=pick, **(tol or TOL))
            for suffix, pick, output in picks]


BI = dict(batch_first=True, bidirectional=True)

LAYERS = (
    stack("rnn_bidirectional", "RNN(3, 4, bidirectional: true)", lambda: torch.nn.RNN(3, 4, **BI))
    + stack("rnn_relu_bidirectional_2", "RNN(3, 4, numLayers: 2, nonlinearity: \"relu\", bidirectional: true)",
            lambda: torch.nn.RNN(3, 4, num_layers=2, nonlinearity="relu", **BI))
    + stack("lstm_bidirectional_2", "LSTM(3, 4, numLayers: 2, bidirectional: true)",
            lambda: torch.nn.LSTM(3, 4, num_layers=2, **BI), cell=True)
    + stack("gru_bidirectional_2", "GRU(3, 4, numLayers: 2, bidirectional: true)",
            lambda: torch.nn.GRU(3, 4, num_layers=2, **BI))
    + stack("rnn_lengths", "RNN(3, 4)", packed(torch.nn.RNN, LENGTHS, 3, 4), lengths=LENGTHS)
    + stack("rnn_lengths_bidirectional_2", "RNN(3, 4, numLayers: 2, bidirectional: true)",
            packed(torch.nn.RNN, LENGTHS, 3, 4, num_layers=2, bidirectional=True), lengths=LENGTHS)
    + stack("lstm_lengths", "LSTM(3, 4, numLayers: 2)", packed(torch.nn.LSTM, LENGTHS, 3, 4, num_layers=2),
            cell=True, lengths=LENGTHS)
    + stack("lstm_lengths_bidirectional", "LSTM(3, 4, bidirectional: true)",
            packed(torch.nn.LSTM, LENGTHS, 3, 4, bidirectional=True), cell=True, lengths=LENGTHS)
    + stack("lstm_lengths_tensor", "LSTM(3, 4, bidirectional: true)",
            packed(torch.nn.LSTM, [3, 5, 3, 2], 3, 4, bidirectional=True), cell=True,
            lengths="tensor([3, 5, 3, 2], dtype: \"int64\")")
    + stack("gru_lengths_bidirectional_2", "GRU(3, 4, numLayers: 2, bidirectional: true)",
            packed(torch.nn.GRU, LENGTHS, 3, 4, num_layers=2, bidirectional=True), lengths=LENGTHS)
    # PyTorch's default layout, [seq, batch, features] (here 4 steps of 5 sequences), with batchFirst: false.
    + stack("rnn_seq_first", "RNN(3, 4, batchFirst: false)", lambda: torch.nn.RNN(3, 4))
    + stack("lstm_seq_first_2", "LSTM(3, 4, numLayers: 2, batchFirst: false)", lambda: torch.nn.LSTM(3, 4, num_layers=2),
            cell=True)
    + stack("gru_seq_first_bidirectional", "GRU(3, 4, bidirectional: true, batchFirst: false)",
            lambda: torch.nn.GRU(3, 4, bidirectional=True))
    + stack("lstm_seq_first_lengths", "LSTM(3, 4, bidirectional: true, batchFirst: false)",
            packed(torch.nn.LSTM, [4, 2, 3, 1, 4], 3, 4, bidirectional=True, batch_first=False), cell=True,
            lengths=[4, 2, 3, 1, 4])
    + [
        # Dropout acts in training mode only; in eval mode the stack matches PyTorch's exactly.
        Layer("lstm_dropout_eval", "LSTM(3, 4, numLayers: 3, dropout: 0.5, bidirectional: true)",
              lambda: torch.nn.LSTM(3, 4, num_layers=3, dropout=0.5, **BI), normal(2, 5, 3), train=False,
              output=lambda o: o[0], **TOL),
        # In training mode dropout 1 zeroes what the first layer passes on, but never the last layer's outputs.
        Layer("lstm_dropout_all_train", "LSTM(3, 4, numLayers: 2, dropout: 1, bidirectional: true)",
              lambda: torch.nn.LSTM(3, 4, num_layers=2, dropout=1.0, **BI), normal(2, 5, 3),
              output=lambda o: o[0], **TOL),
        Layer("gru_dropout_eval", "GRU(3, 4, numLayers: 2, dropout: 0.3)",
              lambda: torch.nn.GRU(3, 4, num_layers=2, dropout=0.3, batch_first=True), normal(2, 5, 3), train=False,
              output=lambda o: o[0], **TOL),
        Layer("rnn_cell", "RNNCell(3, 4)", lambda: torch.nn.RNNCell(3, 4), normal(5, 3), **TOL),
        Layer("rnn_cell_relu_state", "RNNCell(5, 4, nonlinearity: \"relu\")",
              with_state(torch.nn.RNNCell, 4, 5, 4, nonlinearity="relu"), normal(3, 5), call="m(x, x[:, :4] * 0.5)", **TOL),
        Layer("rnn_cell_unbatched", "RNNCell(3, 4, bias: false)", lambda: torch.nn.RNNCell(3, 4, bias=False), normal(3), **TOL),
        Layer("gru_cell", "GRUCell(3, 4)", lambda: torch.nn.GRUCell(3, 4), normal(5, 3), **TOL),
        Layer("gru_cell_state", "GRUCell(5, 4)", with_state(torch.nn.GRUCell, 4, 5, 4), normal(3, 5),
              call="m(x, x[:, :4] * 0.5)", **TOL),
        Layer("gru_cell_unbatched", "GRUCell(5, 4)", with_state(torch.nn.GRUCell, 4, 5, 4), normal(5),
              call="m(x, x[:4] * 0.5)", **TOL),
        Layer("lstm_cell_h", "LSTMCell(3, 4)", lambda: torch.nn.LSTMCell(3, 4), normal(5, 3), output=lambda o: o[0], **TOL),
        Layer("lstm_cell_c", "LSTMCell(3, 4)", lambda: torch.nn.LSTMCell(3, 4), normal(5, 3), output=lambda o: o[1],
              pick="result[1]", **TOL),
        Layer("lstm_cell_state_h", "LSTMCell(5, 4)", with_state(torch.nn.LSTMCell, 4, 5, 4), normal(3, 5),
              output=lambda o: o[0], call="m(x, [x[:, :4] * 0.5, tanh(x[:, :4] * 0.5)])", **TOL),
        Layer("lstm_cell_state_c", "LSTMCell(5, 4)", with_state(torch.nn.LSTMCell, 4, 5, 4), normal(3, 5),
              output=lambda o: o[1], call="m(x, [x[:, :4] * 0.5, tanh(x[:, :4] * 0.5)])", pick="result[1]", **TOL),
        Layer("lstm_cell_unbatched_c", "LSTMCell(3, 4, bias: false)", lambda: torch.nn.LSTMCell(3, 4, bias=False), normal(3),
              output=lambda o: o[1], pick="result[1]", **TOL),
    ]
)
