package dev.jflame.testapps;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URL;

/**
 * Sends requests to {@link Service}'s own server over loopback, one at a time with a 1 ms pause, until
 * told to stop. Runs on a {@code client-N} thread; {@link #stop} may be called from any thread.
 */
final class ServiceClient implements Runnable {

    private final URL url;
    private volatile boolean running = true;

    ServiceClient(URL url) {
        this.url = url;
    }

    void stop() {
        running = false;
    }

    @Override
    public void run() {
        long failures = 0;
        while (running) {
            try {
                fetch();
                Thread.sleep(1);
            } catch (IOException e) {
                // Report the first failure and then every thousandth, so a dead server cannot flood stderr.
                if (failures++ % 1000 == 0) {
                    System.err.println(Thread.currentThread().getName() + ": request failed: " + e);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException stop) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void fetch() throws IOException {
        // NO_PROXY: the request must stay on loopback whatever proxy the environment configures.
        HttpURLConnection connection = (HttpURLConnection) url.openConnection(Proxy.NO_PROXY);
        connection.setConnectTimeout(5000);
        connection.setReadTimeout(5000);
        // Reading the body to the end lets HttpURLConnection keep the connection alive for reuse.
        try (InputStream body = connection.getInputStream()) {
            body.readAllBytes();
        }
    }
}
