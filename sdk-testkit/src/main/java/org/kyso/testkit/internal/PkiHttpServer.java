package org.kyso.testkit.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.kyso.testkit.Endpoint;
import org.kyso.testkit.Failure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the test PKI: one JDK {@link HttpServer} on 127.0.0.1 and an ephemeral port,
 * routing by exact path (or prefix, for OCSP GET), counting requests and injecting failures.
 * This class is thread-safe.
 */
public final class PkiHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PkiHttpServer.class);

    /** Longest a {@link Failure#TIMEOUT} holds a connection when neither side gives up first. */
    public static final Duration MAX_HOLD = Duration.ofSeconds(30);

    private static final int MAX_BODY = 1 << 20;
    private static final byte[] BASIC = "Basic ".getBytes(StandardCharsets.US_ASCII);
    private static final int WORKERS = 4;

    /** One HTTP request, body already read. */
    public record Request(String method, String path, byte[] body) {
    }

    /** What to send back, and how long to wait before sending it. */
    public record Reply(int status, String contentType, byte[] body, Duration delay) {
        public static Reply ok(String contentType, byte[] body) {
            return new Reply(200, contentType, body, Duration.ZERO);
        }
    }

    /** Produces the reply for one route. */
    @FunctionalInterface
    public interface Responder {
        Reply respond(Request request);
    }

    private record Route(Endpoint endpoint, Set<String> methods, boolean authenticated, Responder responder) {
    }

    private final HttpServer server;
    private final ExecutorService workers;
    private final ScheduledThreadPoolExecutor timer;
    private final Map<String, Route> exact = new LinkedHashMap<>();
    private final Map<String, Route> prefixes = new LinkedHashMap<>();
    private final Map<Endpoint, AtomicInteger> counts = new EnumMap<>(Endpoint.class);
    private final Map<Endpoint, Failure> failures = new ConcurrentHashMap<>();
    private final Set<HttpExchange> held = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile byte[] expectedAuthorization;

    /** Binds 127.0.0.1 on an ephemeral port at once, so URLs can go into certificates before {@link #start()}. */
    public PkiHttpServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot bind the test PKI server to 127.0.0.1 on an ephemeral port", e);
        }
        workers = new ThreadPoolExecutor(WORKERS, WORKERS, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                daemonThreads("kyso-testkit-http-" + port()));
        ((ThreadPoolExecutor) workers).allowCoreThreadTimeOut(true);
        timer = new ScheduledThreadPoolExecutor(1, daemonThreads("kyso-testkit-timer-" + port()));
        timer.setRemoveOnCancelPolicy(true);
        for (Endpoint endpoint : Endpoint.values()) {
            counts.put(endpoint, new AtomicInteger());
            failures.put(endpoint, Failure.NONE);
        }
        server.setExecutor(workers);
        server.createContext("/", this::handle);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    /** Routes requests for exactly {@code path}. Call before {@link #start()}. */
    public void route(String path, Endpoint endpoint, Set<String> methods, boolean authenticated, Responder responder) {
        exact.put(path, new Route(endpoint, Set.copyOf(methods), authenticated, responder));
    }

    /** Routes requests for any path under {@code prefix}. Call before {@link #start()}. */
    public void routePrefix(String prefix, Endpoint endpoint, Set<String> methods, Responder responder) {
        prefixes.put(prefix, new Route(endpoint, Set.copyOf(methods), false, responder));
    }

    /**
     * Makes authenticated routes require HTTP Basic with these credentials. The password is encoded
     * into the expected header value and not kept otherwise; wipe your copy.
     */
    public void basicAuth(String user, char[] password) {
        byte[] prefix = (user + ":").getBytes(StandardCharsets.UTF_8);
        ByteBuffer secret = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] credentials = new byte[prefix.length + secret.remaining()];
        System.arraycopy(prefix, 0, credentials, 0, prefix.length);
        secret.get(credentials, prefix.length, secret.remaining());
        byte[] encoded = Base64.getEncoder().encode(credentials);
        byte[] expected = new byte[BASIC.length + encoded.length];
        System.arraycopy(BASIC, 0, expected, 0, BASIC.length);
        System.arraycopy(encoded, 0, expected, BASIC.length, encoded.length);
        expectedAuthorization = expected;
        Arrays.fill(secret.array(), (byte) 0);
        Arrays.fill(credentials, (byte) 0);
        Arrays.fill(encoded, (byte) 0);
    }

    public void start() {
        server.start();
    }

    public int requestCount(Endpoint endpoint) {
        return counts.get(endpoint).get();
    }

    public void resetRequestCounts() {
        counts.values().forEach(c -> c.set(0));
    }

    public void failures(Endpoint endpoint, Failure failure) {
        failures.put(endpoint, failure);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        Route route = exact.get(path);
        if (route == null) {
            route = prefixes.entrySet().stream().filter(e -> path.startsWith(e.getKey())).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
        }
        if (route == null) {
            send(exchange, text(404, "Not found: " + path));
            return;
        }
        counts.get(route.endpoint()).incrementAndGet();
        Failure failure = failures.get(route.endpoint());
        if (failure == Failure.HTTP_503) {
            send(exchange, text(503, "Service unavailable (simulated by the KySo test PKI)"));
            return;
        }
        if (failure == Failure.TIMEOUT) {
            hold(exchange);
            return;
        }
        String method = exchange.getRequestMethod();
        if (!route.methods().contains(method)) {
            exchange.getResponseHeaders().set("Allow", String.join(", ", route.methods()));
            send(exchange, text(405, "Method " + method + " not allowed on " + path));
            return;
        }
        if (route.authenticated() && !authorized(exchange)) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"KySo test TSA\", charset=\"UTF-8\"");
            send(exchange, text(401, "Authentication required"));
            return;
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            send(exchange, text(413, "Request body over " + MAX_BODY + " bytes"));
            return;
        }
        Reply reply;
        try {
            reply = route.responder().respond(new Request(method, path, body));
        } catch (RuntimeException e) {
            LOG.warn("Test PKI failed to answer {} {}", method, path, e);
            reply = text(500, "Internal error in the KySo test PKI: " + e);
        }
        if (reply.delay().isZero()) {
            send(exchange, reply);
        } else {
            Reply delayed = reply;
            try {
                timer.schedule(() -> sendQuietly(exchange, delayed), reply.delay().toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closing) {
                exchange.close();
            }
        }
    }

    private boolean authorized(HttpExchange exchange) {
        byte[] expected = expectedAuthorization;
        if (expected == null) {
            return true;
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        return header != null && MessageDigest.isEqual(expected, header.trim().getBytes(StandardCharsets.UTF_8));
    }

    // The worker thread returns at once; the exchange stays open until the timer, or close(), ends it.
    private void hold(HttpExchange exchange) {
        held.add(exchange);
        try {
            timer.schedule(() -> release(exchange), MAX_HOLD.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            release(exchange);
        }
    }

    private void release(HttpExchange exchange) {
        if (held.remove(exchange)) {
            exchange.close(); // no response headers sent yet: this closes the connection
        }
    }

    private static Reply text(int status, String message) {
        return new Reply(status, "text/plain; charset=utf-8", (message + "\n").getBytes(StandardCharsets.UTF_8), Duration.ZERO);
    }

    private void sendQuietly(HttpExchange exchange, Reply reply) {
        try {
            send(exchange, reply);
        } catch (IOException e) {
            LOG.debug("Client went away before the delayed answer", e);
        }
    }

    private void send(HttpExchange exchange, Reply reply) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            // HttpServer flushes headers and body as two writes and offers no TCP_NODELAY short of a
            // JVM-wide system property; Nagle then holds the body until the client's delayed ACK,
            // ~40 ms per answer. Closing the connection pushes the body out at once (~1 ms), and a
            // new loopback connection per request costs far less than that.
            exchange.getResponseHeaders().set("Connection", "close");
            exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
            if (reply.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(reply.body());
                }
            }
        }
        LOG.debug("{} {} -> {}", exchange.getRequestMethod(), exchange.getRequestURI(), reply.status());
    }

    /** Stops listening, drops every open and held connection, and stops the threads. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        timer.shutdownNow();
        held.forEach(this::release);
        server.stop(0);
        workers.shutdownNow();
        byte[] expected = expectedAuthorization;
        if (expected != null) {
            Arrays.fill(expected, (byte) 0);
        }
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger next = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + next.incrementAndGet());
            // A test that forgets close() must not keep the JVM alive.
            thread.setDaemon(true);
            return thread;
        };
    }
}
