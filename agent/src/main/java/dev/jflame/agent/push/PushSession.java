package dev.jflame.agent.push;

import dev.jflame.core.model.ProcessInfo;
import dev.jflame.core.options.Options;
import dev.jflame.core.sampler.Sampler;
import java.util.concurrent.TimeUnit;

/** Sets push mode up from the options: which store the URL names, the credentials, TLS, the thread. Stateless. */
public final class PushSession {
    /** What an OTLP/HTTP profiles endpoint's path ends with (contract). */
    public static final String OTLP_PATH = "/v1development/profiles";

    private PushSession() {
    }

    /**
     * A started pusher for {@code sampler}, or throws with a one-line reason (a secrets file others can read,
     * a CA file that is no PEM) and pushes nothing.
     */
    public static Pusher start(Options options, Sampler sampler, ProcessInfo self) {
        String url = options.push();
        PushSecrets secrets = PushSecrets.load(options.pushSecrets(), System.getenv());
        javax.net.ssl.SSLSocketFactory tls = options.caFile().isEmpty() ? null : PushTls.trusting(options.caFile());
        PushIdentity id = PushIdentity.of(options, self);
        PushProtocol protocol = url.endsWith(OTLP_PATH) ? new OtlpProfiles(url, id) : new PyroscopeIngest(url, id);
        HttpSender sender = new HttpSender(secrets.authorization, options.tenant(), tls, HttpSender.CONNECT_TIMEOUT_MILLIS,
                HttpSender.READ_TIMEOUT_MILLIS);
        Pusher p = new Pusher(sampler, protocol, sender, TimeUnit.NANOSECONDS.toMillis(options.pushPeriodNanos()), url);
        p.start();
        return p;
    }
}
