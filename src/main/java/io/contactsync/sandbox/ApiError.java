package io.contactsync.sandbox;

/**
 * A 4xx answer thrown from deep inside a handler; the gateway renders it in Constant Contact's error shape
 * ({@code [{"error_key","error_message"}]}).
 */
final class ApiError extends RuntimeException {
    final int status;
    final String key;

    ApiError(int status, String key, String message) {
        super(message);
        this.status = status;
        this.key = key;
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, "contacts.api.validation.error", message);
    }

    static ApiError notFound(String what) {
        return new ApiError(404, "contacts.api.not.found", what + " not found");
    }

    static ApiError conflict(String message) {
        return new ApiError(409, "contacts.api.conflict", message);
    }

    SandboxResponse toResponse() {
        return SandboxResponse.error(status, key, getMessage());
    }
}
