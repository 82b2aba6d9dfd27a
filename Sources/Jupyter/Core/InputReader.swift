/// Asks the frontend that sent `request` for a line of input; the stdin channel in a running kernel.
protocol InputReader: AnyObject {
    /// Blocks until the reply arrives; throws `InputError.interrupted` on interrupt or shutdown.
    func readLine(prompt: String, password: Bool, for request: Message) throws -> String
}
