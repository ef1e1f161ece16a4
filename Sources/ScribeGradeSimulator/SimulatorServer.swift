import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import ScribeGrade

/// The simulator as a loopback HTTP server on SwiftNIO, speaking OpenAI
/// `POST /v1/chat/completions` and Anthropic `POST /v1/messages`.
///
/// NIO rather than a framework so that faults are real: a dropped connection is a closed
/// socket, a truncated body is a short write under a full `content-length`, a hang is silence.
///
/// ```swift
/// let server = try await SimulatorServer.start(SimulatorConfiguration(port: 0))
/// // OpenAI base URL: server.baseURL + "/v1"; Anthropic base URL: server.baseURL
/// try await server.shutdown()
/// ```
public final class SimulatorServer: Sendable {
    public let engine: SimulatorEngine
    let group: MultiThreadedEventLoopGroup
    let channel: any Channel
    /// The port bound (the configured one, or the one the system chose for port 0).
    public let port: Int
    public let host: String

    /// `http://HOST:PORT`: the Anthropic base URL; append `/v1` for OpenAI's.
    public var baseURL: String { "http://\(host):\(port)" }

    init(engine: SimulatorEngine, group: MultiThreadedEventLoopGroup, channel: any Channel, host: String, port: Int) {
        self.engine = engine
        self.group = group
        self.channel = channel
        self.host = host
        self.port = port
    }

    /// Binds and starts serving.
    ///
    /// - Throws: `InputError` when the request log cannot be opened; NIO's error when the
    ///   address cannot be bound.
    public static func start(_ configuration: SimulatorConfiguration, threads: Int = System.coreCount) async throws -> SimulatorServer {
        let engine = try SimulatorEngine(configuration: configuration)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, threads))
        let hang = configuration.hangSeconds
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 1024)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(SimulatorHTTPHandler(engine: engine, hangSeconds: hang))
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.bind(host: configuration.host, port: configuration.port).get()
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
        let port = channel.localAddress?.port ?? configuration.port
        return SimulatorServer(engine: engine, group: group, channel: channel, host: configuration.host, port: port)
    }

    /// Stops listening, closes every connection (hanging ones included) and the request log.
    public func shutdown() async throws {
        try? await channel.close()
        try await group.shutdownGracefully()
        engine.close()
    }
}

/// Collects one request, asks the engine, and carries out its reply on the event loop.
final class SimulatorHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let engine: SimulatorEngine
    let hangSeconds: Double
    var head: HTTPRequestHead?
    var body: ByteBuffer?
    /// A hang or pending reply: further input on this connection is ignored until it is done.
    var busy = false
    /// With slots: the pending request's place in the queue, and whether it holds a slot.
    var slotTicket: Int?
    var holdsSlot = false
    /// The pending reply's timer, cancelled when the client goes away.
    var scheduled: Scheduled<Void>?

    init(engine: SimulatorEngine, hangSeconds: Double) {
        self.engine = engine
        self.hangSeconds = hangSeconds
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case let .head(requestHead):
            head = requestHead
            body = context.channel.allocator.buffer(capacity: 0)
        case var .body(chunk):
            body?.writeBuffer(&chunk)
        case .end:
            guard let head, !busy else { return }
            let bytes = body.map { Array($0.readableBytesView) } ?? []
            self.head = nil
            body = nil
            busy = true
            guard let slots = engine.slots else { return process(head, bytes, context: context) }
            // Processed once a slot is free; on this connection's event loop.
            let loop = context.eventLoop
            let bound = NIOLoopBound((handler: self, context: context), eventLoop: loop)
            slotTicket = slots.enter {
                loop.execute {
                    bound.value.handler.holdsSlot = true
                    bound.value.handler.process(head, bytes, context: bound.value.context)
                }
            }
        }
    }

    /// Decides the reply and carries it out after its latency.
    func process(_ head: HTTPRequestHead, _ bytes: [UInt8], context: ChannelHandlerContext) {
        // A client that went away while its request waited for a slot gets nothing processed.
        guard context.channel.isActive else { return releaseSlot() }
        let headers = head.headers.map { ($0.name, $0.value) }
        let reply = engine.handle(method: head.method.rawValue, path: head.uri, headers: headers, body: bytes)
        let keepAlive = head.isKeepAlive
        let version = head.version
        let loop = context.eventLoop.assumeIsolated()
        if reply.delay > 0 {
            scheduled = loop.scheduleTask(in: .nanoseconds(Int64(reply.delay * 1e9))) {
                self.act(reply, context: context, keepAlive: keepAlive, version: version)
            }
        } else {
            act(reply, context: context, keepAlive: keepAlive, version: version)
        }
    }

    /// Frees the slot the pending request holds, if any.
    func releaseSlot() {
        slotTicket = nil
        guard holdsSlot else { return }
        holdsSlot = false
        engine.slots?.release()
    }

    func channelInactive(context: ChannelHandlerContext) {
        // The client timed out or disconnected: its request leaves the queue, or frees its slot.
        if let ticket = slotTicket, !holdsSlot { _ = engine.slots?.leave(ticket) }
        scheduled?.cancel()
        releaseSlot()
        context.fireChannelInactive()
    }

    func act(_ reply: SimulatedReply, context: ChannelHandlerContext, keepAlive: Bool, version: HTTPVersion) {
        scheduled = nil
        // A hang keeps its slot until its connection closes.
        if case .hang = reply.action {} else { releaseSlot() }
        guard context.channel.isActive else { return }
        let action = reply.action
        switch action {
        case .respond, .truncate: engine.completed(reply)
        case .hang, .drop: break
        }
        switch action {
        case let .respond(status, headers, body):
            var responseHead = HTTPResponseHead(version: version, status: HTTPResponseStatus(statusCode: status))
            for (name, value) in headers { responseHead.headers.add(name: name, value: value) }
            responseHead.headers.replaceOrAdd(name: "content-length", value: String(body.count))
            responseHead.headers.replaceOrAdd(name: "connection", value: keepAlive ? "keep-alive" : "close")
            context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
            let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
            busy = false
            if !keepAlive {
                let loopContext = NIOLoopBound(context, eventLoop: context.eventLoop)
                done.whenComplete { _ in loopContext.value.close(promise: nil) }
            }
        case let .truncate(status, headers, body):
            var responseHead = HTTPResponseHead(version: version, status: HTTPResponseStatus(statusCode: status))
            for (name, value) in headers { responseHead.headers.add(name: name, value: value) }
            responseHead.headers.replaceOrAdd(name: "content-length", value: String(body.count))
            context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
            let half = context.channel.allocator.buffer(bytes: body.prefix(body.count / 2))
            let written = context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(half))))
            let loopContext = NIOLoopBound(context, eventLoop: context.eventLoop)
            written.whenComplete { _ in loopContext.value.close(promise: nil) }
        case .hang:
            context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(Int64(hangSeconds * 1e9))) {
                context.close(promise: nil)
            }
        case .drop:
            context.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
