import NN
import TensorEngine

/// Training steps per second of a one-layer LSTM (input 32, hidden 64) on a batch of 16 sequences of
/// 32 steps: MSE of the last output against a target, Adam (lr 0.001).
func benchLSTM(_ config: TimingConfig) throws -> Measurement {
    seed(0)
    let lstm = try LSTM(32, 64)
    let optimizer = try Adam(lstm.parameters(), lr: 0.001)
    let x = try Tensor.randn([16, 32, 32])
    let y = try Tensor.randn([16, 64])
    return try rate("lstm_s32_b16_h64", "steps/s", params: lstm.parameters(), config) {
        let out = try lstm(x)
        let loss = try Loss.mse(try out[.all, .at(-1)], y)
        optimizer.zeroGrad()
        try loss.backward()
        try optimizer.step()
    }
}

/// Training steps per second of one pre-norm Transformer encoder block (d 128, 4 heads, GELU FFN 512)
/// on 8 sequences of 64 positions: MSE against a target, Adam (lr 0.001).
func benchTransformer(_ config: TimingConfig) throws -> Measurement {
    seed(0)
    let block = try TransformerBlock(128, heads: 4, hidden: 512)
    let optimizer = try Adam(block.parameters(), lr: 0.001)
    let x = try Tensor.randn([8, 64, 128])
    let y = try Tensor.randn([8, 64, 128])
    return try rate("transformer_s64_b8_d128", "steps/s", params: block.parameters(), config) { try trainStep(block, optimizer, x, y) { try Loss.mse($0, $1) } }
}
