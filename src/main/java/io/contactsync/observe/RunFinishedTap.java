package io.contactsync.observe;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.Consumer;

import io.contactsync.state.RunRecord;
import io.contactsync.state.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link StateStore} that tells {@code onFinished} about every run record it closed: the one place every cycle's
 * outcome passes (the run recorder of both flows), so metrics see each cycle exactly once without the flows knowing
 * about metrics. (A run marked {@code abandoned} by a lease takeover is not closed through here: the health check
 * reads it from the store.) Every other call goes straight to the store, and a
 * dynamic proxy keeps it so when the store gains methods. The listener runs after the store committed; its failure
 * is logged and never fails the run.
 */
public final class RunFinishedTap {

    private static final Logger LOG = LoggerFactory.getLogger(RunFinishedTap.class);

    private RunFinishedTap() {
    }

    public static StateStore around(StateStore store, Consumer<RunRecord> onFinished) {
        return (StateStore) Proxy.newProxyInstance(StateStore.class.getClassLoader(), new Class<?>[] {StateStore.class},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return objectMethod(proxy, store, method, args);
                    }
                    Object result = invoke(store, method, args);
                    if ("finishRun".equals(method.getName()) && args != null && args.length == 1
                            && args[0] instanceof RunRecord run) {
                        try {
                            onFinished.accept(run);
                        } catch (RuntimeException e) {
                            LOG.warn("Could not count the {} run in the metrics: {}", run.flow(), e.toString());
                        }
                    }
                    return result;
                });
    }

    private static Object objectMethod(Object proxy, StateStore store, Method method, Object[] args) throws Throwable {
        return switch (method.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            case "toString" -> store.toString();
            default -> invoke(store, method, args);
        };
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
