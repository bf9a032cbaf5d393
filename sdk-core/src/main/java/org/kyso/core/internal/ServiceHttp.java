package org.kyso.core.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;

/**
 * The HTTP exchanges KySo makes with TSAs, OCSP responders and CRL distribution points: one
 * {@link HttpClient} (HTTP/1.1) per owning service, a connect timeout, an overall deadline for the
 * answer including its body, and a cap on the body size so a broken or hostile server cannot
 * exhaust memory. Not part of KySo's API.
 *
 * <p>This class is thread-safe.
 */
public final class ServiceHttp {

    /** What came back: status, content type (may be null) and the body. */
    public record Response(int status, String contentType, byte[] body) {
    }

    private final HttpClient client;
    private final Duration connectTimeout;
    private final Duration readTimeout;

    public ServiceHttp(Duration connectTimeout, Duration readTimeout, boolean followRedirects) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                // POSTs to a TSA are never redirected (the body would be lost or sent elsewhere);
                // CRL and AIA GETs commonly are.
                .followRedirects(followRedirects ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER)
                .build();
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration readTimeout() {
        return readTimeout;
    }

    /** POSTs {@code body}; {@code authorization} may be null. */
    public Response post(URI url, String contentType, String accept, byte[] body, String authorization,
                         long maxBytes) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(readTimeout)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (accept != null) {
            request.header("Accept", accept);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build(), maxBytes);
    }

    /** GETs {@code url}. */
    public Response get(URI url, long maxBytes) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(url).timeout(readTimeout).GET().build(), maxBytes);
    }

    private Response send(HttpRequest request, long maxBytes) throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<byte[]>> call =
                client.sendAsync(request, info -> new LimitedBody(maxBytes));
        // HttpRequest.timeout() stops counting once the headers arrive; a server that trickles
        // its body must not hold a signing thread forever, hence one deadline for the whole answer.
        long deadline = connectTimeout.plus(readTimeout).toMillis();
        try {
            HttpResponse<byte[]> response = call.get(deadline, TimeUnit.MILLISECONDS);
            return new Response(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(null), response.body());
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new HttpTimeoutException("no complete answer within " + seconds(readTimeout));
        } catch (InterruptedException e) {
            call.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause == null ? "HTTP exchange failed" : cause.toString(), cause);
        }
    }

    /**
     * Says in a few words why an exchange failed, for messages such as "The TSA at URL ...":
     * "did not answer within 30 s", "refused the connection: check the URL".
     */
    public String why(Throwable failure) {
        Throwable e = failure;
        // The HTTP client wraps the interesting exception once or twice; the innermost one says it best.
        for (int depth = 0; depth < 5 && e != null; depth++) {
            if (e instanceof HttpConnectTimeoutException) {
                return "did not accept the connection within " + seconds(connectTimeout) + ": check the URL and the network";
            }
            if (e instanceof HttpTimeoutException || e instanceof TimeoutException) {
                return "did not answer within " + seconds(readTimeout) + ": the service may be overloaded, retry later";
            }
            if (e instanceof ConnectException) {
                return "refused the connection: check the URL (host and port) and that the service is running";
            }
            if (e instanceof UnknownHostException || e instanceof UnresolvedAddressException) {
                return "has an unknown host name: check the URL";
            }
            if (e instanceof SSLException) {
                return "failed the TLS handshake (" + e.getMessage() + "): check the URL and the server certificate";
            }
            if (e instanceof TooLargeException) {
                return e.getMessage();
            }
            e = e.getCause();
        }
        String text = failure.getMessage();
        return "could not be reached (" + (text == null ? failure.getClass().getSimpleName() : text) + ")";
    }

    /** "30 s", "1.5 s", "500 ms": how long a person reads best. */
    public static String seconds(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis % 1000 == 0) {
            return (millis / 1000) + " s";
        }
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    /** The body exceeded its cap. */
    static final class TooLargeException extends IOException {
        TooLargeException(long maxBytes) {
            super("sent an answer larger than " + maxBytes + " bytes: check the URL");
        }
    }

    /** Collects the body, cancelling the exchange as soon as it grows beyond the cap. */
    private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final long maxBytes;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        LimitedBody(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer item : items) {
                if (out.size() + (long) item.remaining() > maxBytes) {
                    subscription.cancel();
                    result.completeExceptionally(new TooLargeException(maxBytes));
                    return;
                }
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                out.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(out.toByteArray());
        }
    }
}
