package signature

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// migrations are applied in order at start, each once, under an advisory
// lock so that replicas starting together do not race. Append only.
var migrations = []string{
	`CREATE TABLE signature_agreements (
		signer_key   text PRIMARY KEY,
		agreement_id text NOT NULL UNIQUE,
		state        text NOT NULL,
		version      bigint NOT NULL,
		doc          jsonb NOT NULL,
		updated_at   timestamptz NOT NULL DEFAULT now()
	)`,
	`CREATE INDEX signature_agreements_state ON signature_agreements (state)`,
	`CREATE TABLE signature_evidence (
		seq          bigserial PRIMARY KEY,
		agreement_id text NOT NULL,
		key_id       text NOT NULL,
		payload      bytea NOT NULL,
		signature    bytea NOT NULL
	)`,
	`CREATE INDEX signature_evidence_agreement ON signature_evidence (agreement_id, seq)`,
	`CREATE TABLE signature_events (
		seq          bigserial PRIMARY KEY,
		agreement_id text NOT NULL,
		at           timestamptz NOT NULL,
		actor_kind   text NOT NULL,
		actor_id     text NOT NULL,
		action       text NOT NULL,
		from_state   text NOT NULL,
		to_state     text NOT NULL,
		reason       text NOT NULL
	)`,
	`CREATE INDEX signature_events_agreement ON signature_events (agreement_id, seq)`,
}

// migrationLock is the pg_advisory_xact_lock key of the migrations.
const migrationLock = 0x1dc0_5160

// Postgres is the store shared by replicas. Every Update is one
// transaction that locks the agreement's row (SELECT … FOR UPDATE), so
// concurrent transitions of one agreement are serialised by the database:
// the second sees the first's result and is checked against it.
type Postgres struct {
	pool *pgxpool.Pool
}

var _ Store = (*Postgres)(nil)

// OpenPostgres connects to url and applies the migrations.
func OpenPostgres(ctx context.Context, url string) (*Postgres, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, errors.New("signature: the postgres URL does not parse")
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("%w: postgres: %s", ErrUnavailable, pgReason(err))
	}
	p := &Postgres{pool: pool}
	if err := p.migrate(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return p, nil
}

func (p *Postgres) migrate(ctx context.Context) error {
	err := pgx.BeginFunc(ctx, p.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(migrationLock)); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS signature_schema (version int NOT NULL)`); err != nil {
			return err
		}
		var version int
		if err := tx.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM signature_schema`).Scan(&version); err != nil {
			return err
		}
		for i := version; i < len(migrations); i++ {
			if _, err := tx.Exec(ctx, migrations[i]); err != nil {
				return fmt.Errorf("migration %d: %w", i+1, err)
			}
		}
		if version < len(migrations) {
			if _, err := tx.Exec(ctx, `DELETE FROM signature_schema`); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `INSERT INTO signature_schema (version) VALUES ($1)`, len(migrations)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("%w: postgres migrations: %s", ErrUnavailable, pgReason(err))
	}
	return nil
}

// Get implements Store.
func (p *Postgres) Get(ctx context.Context, key string) (*Agreement, error) {
	var raw []byte
	err := p.pool.QueryRow(ctx, `SELECT doc FROM signature_agreements WHERE signer_key = $1`, key).Scan(&raw)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("%w: postgres: %s", ErrUnavailable, pgReason(err))
	}
	return decodeAgreement(raw)
}

// Update implements Store. A new agreement is inserted with ON CONFLICT DO
// NOTHING: when a concurrent transaction created it first, the whole
// transaction runs again against the stored row.
func (p *Postgres) Update(ctx context.Context, key string, fn func(cur *Agreement) (*Agreement, error)) (*Agreement, error) {
	for range 3 {
		out, retry, err := p.update(ctx, key, fn)
		if !retry {
			return out, err
		}
	}
	return nil, fmt.Errorf("%w: postgres: the agreement kept changing", ErrUnavailable)
}

// errRetry aborts a transaction that lost the race to create a row.
var errRetry = errors.New("retry")

func (p *Postgres) update(ctx context.Context, key string, fn func(cur *Agreement) (*Agreement, error)) (*Agreement, bool, error) {
	var out *Agreement
	var fnErr error
	err := pgx.BeginFunc(ctx, p.pool, func(tx pgx.Tx) error {
		var cur *Agreement
		var raw []byte
		err := tx.QueryRow(ctx, `SELECT doc FROM signature_agreements WHERE signer_key = $1 FOR UPDATE`, key).Scan(&raw)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
		case err != nil:
			return err
		default:
			if cur, err = decodeAgreement(raw); err != nil {
				return err
			}
		}
		next, doc, ferr, err := prepare(cur, fn)
		switch {
		case ferr != nil:
			fnErr = ferr
			return ferr
		case err != nil:
			return err
		case next == nil:
			out = cur
			return nil
		}
		if cur == nil {
			tag, err := tx.Exec(ctx, `INSERT INTO signature_agreements (signer_key, agreement_id, state, version, doc)
				VALUES ($1, $2, $3, $4, $5) ON CONFLICT (signer_key) DO NOTHING`,
				key, next.ID, string(next.State), next.Version, doc)
			if err != nil {
				return err
			}
			if tag.RowsAffected() == 0 {
				return errRetry
			}
		} else {
			if _, err := tx.Exec(ctx, `UPDATE signature_agreements SET state = $2, version = $3, doc = $4, updated_at = now()
				WHERE signer_key = $1`, key, string(next.State), next.Version, doc); err != nil {
				return err
			}
		}
		if e := next.newEvidence; e != nil {
			if _, err := tx.Exec(ctx, `INSERT INTO signature_evidence (agreement_id, key_id, payload, signature) VALUES ($1, $2, $3, $4)`,
				next.ID, e.KeyID, e.Payload, e.Signature); err != nil {
				return err
			}
			next.newEvidence = nil
		}
		for _, e := range next.History {
			if _, err := tx.Exec(ctx, `INSERT INTO signature_events (agreement_id, at, actor_kind, actor_id, action, from_state, to_state, reason)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, next.ID, e.At, e.Actor.Kind, e.Actor.ID, string(e.Action),
				string(e.From), string(e.To), e.Reason); err != nil {
				return err
			}
		}
		out = next
		return nil
	})
	switch {
	case fnErr != nil:
		return nil, false, fnErr
	case errors.Is(err, errRetry):
		return nil, true, nil
	case err != nil:
		return nil, false, fmt.Errorf("%w: postgres: %s", ErrUnavailable, pgReason(err))
	}
	return out, false, nil
}

// Evidence implements Store.
func (p *Postgres) Evidence(ctx context.Context, agreementID string) ([]SignedEvidence, error) {
	rows, err := p.pool.Query(ctx, `SELECT key_id, payload, signature FROM signature_evidence WHERE agreement_id = $1 ORDER BY seq`, agreementID)
	if err != nil {
		return nil, fmt.Errorf("%w: postgres: %s", ErrUnavailable, pgReason(err))
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (SignedEvidence, error) {
		var se SignedEvidence
		err := r.Scan(&se.KeyID, &se.Payload, &se.Signature)
		return se, err
	})
	if err != nil {
		return nil, fmt.Errorf("%w: postgres: %s", ErrUnavailable, pgReason(err))
	}
	return out, nil
}

// History implements Store.
func (p *Postgres) History(ctx context.Context, agreementID string) ([]Event, error) {
	rows, err := p.pool.Query(ctx, `SELECT at, actor_kind, actor_id, action, from_state, to_state, reason
		FROM signature_events WHERE agreement_id = $1 ORDER BY seq`, agreementID)
	if err != nil {
		return nil, fmt.Errorf("%w: postgres: %s", ErrUnavailable, pgReason(err))
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Event, error) {
		var e Event
		var action, from, to string
		err := r.Scan(&e.At, &e.Actor.Kind, &e.Actor.ID, &action, &from, &to, &e.Reason)
		e.At, e.Action, e.From, e.To = e.At.UTC(), Action(action), State(from), State(to)
		return e, err
	})
	if err != nil {
		return nil, fmt.Errorf("%w: postgres: %s", ErrUnavailable, pgReason(err))
	}
	return out, nil
}

// Close implements Store.
func (p *Postgres) Close() error {
	p.pool.Close()
	return nil
}

// pgReason describes a database error without the query's arguments: a
// server error's code and message, or the error's text for connection
// failures (which name the host, never the password).
func pgReason(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code + " " + pe.Message
	}
	return err.Error()
}
