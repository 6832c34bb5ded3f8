package io.crmsync.config.auth;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.quarkus.arc.Arc;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

/**
 * Every REST method the running application serves, found by reflection on its JAX-RS resource beans, so a
 * test walking them cannot forget one that is added later.
 */
record RestEndpoint(String httpMethod, String pathTemplate, String bodyType, String javaMethod) {

    /** {@code "POST /api/v1/endpoints"}: the key of the authorization matrix. */
    String key() {
        return httpMethod + " " + pathTemplate;
    }

    /** The path with every {parameter} replaced by {@code value}. */
    String path(String value) {
        return pathTemplate.replaceAll("\\{[^}]+}", value);
    }

    static List<RestEndpoint> all() {
        List<RestEndpoint> endpoints = new ArrayList<>();
        for (Bean<?> bean : Arc.container().beanManager().getBeans(Object.class, Any.Literal.INSTANCE)) {
            Class<?> resource = bean.getBeanClass();
            if (resource.isAnnotationPresent(Path.class) && resource.getPackageName().startsWith("io.crmsync")) {
                for (Method method : resource.getDeclaredMethods()) {
                    httpMethod(method).ifPresent(verb -> endpoints.add(new RestEndpoint(verb,
                            join(resource.getAnnotation(Path.class), method.getAnnotation(Path.class)),
                            bodyType(resource, method), resource.getSimpleName() + "." + method.getName())));
                }
            }
        }
        endpoints.sort(Comparator.comparing(RestEndpoint::key).thenComparing(RestEndpoint::javaMethod));
        return endpoints;
    }

    private static Optional<String> httpMethod(Method method) {
        return Arrays.stream(method.getAnnotations())
                .map(a -> a.annotationType().getAnnotation(HttpMethod.class))
                .filter(h -> h != null)
                .map(HttpMethod::value)
                .findFirst();
    }

    private static String join(Path base, Path sub) {
        String path = "/" + base.value().replaceAll("^/|/$", "");
        return sub == null ? path : path + "/" + sub.value().replaceAll("^/|/$", "");
    }

    /**
     * The media type of the request body, or null without one: a parameter bound to nothing in the URL or headers
     * is the body, of the method's (else the resource's) first {@code @Consumes} type, JSON by default.
     */
    private static String bodyType(Class<?> resource, Method method) {
        boolean hasBody = Arrays.stream(method.getParameters()).anyMatch(p -> !p.isAnnotationPresent(PathParam.class)
                && !p.isAnnotationPresent(QueryParam.class) && !p.isAnnotationPresent(HeaderParam.class));
        if (!hasBody) {
            return null;
        }
        Consumes consumes = method.isAnnotationPresent(Consumes.class) ? method.getAnnotation(Consumes.class)
                : resource.getAnnotation(Consumes.class);
        return consumes == null ? "application/json" : consumes.value()[0];
    }
}
