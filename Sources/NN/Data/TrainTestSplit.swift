import TensorEngine

/// Splits paired samples into a training part and a test part, as scikit-learn's `train_test_split`:
/// the test part holds `ceil(testFraction × n)` samples.
///
/// With `shuffle` (the default) the samples are put in a random order from the global generator first;
/// without it the test part is the last samples. Returns copies without autograd history.
public func trainTestSplit(_ x: Tensor, _ y: Tensor, testFraction: Double = 0.25,
                           shuffle: Bool = true) throws -> (xTrain: Tensor, xTest: Tensor, yTrain: Tensor, yTest: Tensor) {
    guard x.rank >= 1, y.rank >= 1, x.shape[0] == y.shape[0] else {
        throw TensorError(.shape, "trainTestSplit: inputs \(x.shape) and targets \(y.shape) must have the same number of samples along dimension 0")
    }
    guard testFraction > 0, testFraction < 1 else {
        throw TensorError(.value, "trainTestSplit: testFraction must be between 0 and 1, exclusive (got \(testFraction))")
    }
    let n = x.shape[0]
    let testCount = Int((testFraction * Double(n)).rounded(.up))
    guard testCount < n else {
        throw TensorError(.value, "trainTestSplit: a test fraction of \(testFraction) of \(n) samples leaves none for training")
    }
    if shuffle {
        let order = Datasets.permutation(n)
        let test = order[..<testCount], train = order[testCount...]
        return (try x.rows(train), try x.rows(test), try y.rows(train), try y.rows(test))
    }
    let train = 0..<(n - testCount), test = (n - testCount)..<n
    return (try x.rows(train), try x.rows(test), try y.rows(train), try y.rows(test))
}
