import Foundation
import NN
import TensorEngine

/// `make demo`: trains XOR with Linear(2, 8)/Tanh/Linear(8, 1)/Sigmoid and Adam(lr 0.05) for 500
/// epochs under seed 0, printing the loss every 100 epochs and the rounded predictions.
/// Returns whether the predictions are 0 1 1 0.
func runDemo() throws -> Bool {
    seed(0)
    let (x, y) = try xorData()
    let model = try xorModel()
    let optimizer = try Adam(model.parameters(), lr: 0.05)
    print("XOR with a 2-8-1 perceptron (Tanh, Sigmoid), MSE loss, Adam(lr 0.05), seed 0")
    for epoch in 1...500 {
        let loss = try Loss.mse(try model(x), y)
        optimizer.zeroGrad()
        try loss.backward()
        try optimizer.step()
        if epoch % 100 == 0 { print(String(format: "epoch %3d  loss %.6f", epoch, try loss.item())) }
    }
    let output = try noGrad { try model(x) }
    let predictions = try output.round().values
    let inputs = x.values
    for i in 0..<4 {
        print(String(format: "%.0f xor %.0f -> %.4f -> %.0f", inputs[2 * i], inputs[2 * i + 1],
                     output.values[i], predictions[i]))
    }
    print("predictions:", predictions.map { String(Int($0)) }.joined(separator: " "))
    return predictions == [0, 1, 1, 0]
}
