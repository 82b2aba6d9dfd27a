import JSONFormat
extension KernelCore {
    /// `kernel_info_request`, on shell and control.
    func kernelInfo(_ message: Message) -> [String: JSON] {
        backend.kernelInfo.content
    }

    /// `interrupt_request` on control.
    func interruptRequest(_ message: Message) -> [String: JSON] {
        interrupt()
        return ["status": "ok"]
    }

    /// Interrupts the running cell, if any (control thread or SIGINT watcher); also wakes an input wait.
    func interrupt() {
        if lifecycle.noteInterrupt() { backend.interrupt() }
    }

    /// `shutdown_request` on control or shell: tells the loops to end (interrupting a running cell), and
    /// says so on iopub too for other clients. The backend's `shutdown` runs later, on the shell thread.
    func shutdown(_ message: Message) -> [String: JSON] {
        let restart = message.content["restart"]?.boolValue ?? false
        let content: [String: JSON] = ["status": "ok", "restart": .bool(restart)]
        publisher.publish(factory.broadcast("shutdown_reply", content: content, parent: message.header))
        lifecycle.stop(restart: restart)
        if lifecycle.isExecuting { backend.interrupt() }
        onShutdownRequested()
        return content
    }
}
