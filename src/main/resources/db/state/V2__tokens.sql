-- Tokens survive the process: one-shot runs reuse the access token until shortly before it expires instead of
-- refreshing every run, and a refresh in flight is marked (refresh_started_at) so that the next start knows its
-- answer was lost and spends the same refresh token again. The engine stores the token columns AES-GCM sealed.
ALTER TABLE oauth_token ADD COLUMN access_token VARCHAR;
ALTER TABLE oauth_token ADD COLUMN access_expires_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE oauth_token ADD COLUMN refresh_started_at TIMESTAMP WITH TIME ZONE;
