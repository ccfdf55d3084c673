package dev.jflame.flamegraph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * What every test of jflame's page shares: one headless Chromium for the class (or a skip where it is
 * not installed, a failure under CI), a 1400×900 viewport, and no uncaught exception in the page after
 * each test.
 */
abstract class PageTest {
    static Chromium chrome;

    @BeforeAll
    static void startBrowser() throws Exception {
        chrome = Chromium.launchOrSkip();
        chrome.viewport(1400, 900);
    }

    @AfterEach
    void noPageErrors() {
        if (chrome != null) {
            assertEquals(List.of(), chrome.takePageErrors(), "uncaught exceptions in the page");
        }
    }

    @AfterAll
    static void stopBrowser() {
        if (chrome != null) {
            chrome.close();
            chrome = null;
        }
    }
}
