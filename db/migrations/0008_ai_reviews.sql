CREATE TABLE "ai_review_scores" (
	"review_id" text NOT NULL,
	"dimension" text NOT NULL,
	"label" text NOT NULL,
	"position" integer NOT NULL,
	"model_score" double precision NOT NULL,
	"reasoning" text NOT NULL,
	"citations" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"dropped_citations" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"support" text NOT NULL,
	"decision" text DEFAULT 'pending' NOT NULL,
	"final_score" double precision,
	"decision_note" text,
	"decided_by" text,
	"decided_at" timestamp (3) with time zone,
	CONSTRAINT "ai_review_scores_review_id_dimension_pk" PRIMARY KEY("review_id","dimension")
);
--> statement-breakpoint
CREATE TABLE "ai_reviews" (
	"id" text PRIMARY KEY NOT NULL,
	"session_id" text NOT NULL,
	"candidate_id" text NOT NULL,
	"organization_id" text NOT NULL,
	"problem_id" text,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"lease_until" timestamp (3) with time zone,
	"error" text,
	"model" text,
	"input_tokens" integer DEFAULT 0 NOT NULL,
	"output_tokens" integer DEFAULT 0 NOT NULL,
	"latency_ms" integer,
	"summary" text,
	"rubric" jsonb,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "review_rubrics" (
	"assessment_id" text PRIMARY KEY NOT NULL,
	"dimensions" jsonb NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ai_review_scores" ADD CONSTRAINT "ai_review_scores_review_id_ai_reviews_id_fk" FOREIGN KEY ("review_id") REFERENCES "public"."ai_reviews"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_review_scores" ADD CONSTRAINT "ai_review_scores_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_reviews" ADD CONSTRAINT "ai_reviews_session_id_interview_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."interview_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_reviews" ADD CONSTRAINT "ai_reviews_candidate_id_candidates_id_fk" FOREIGN KEY ("candidate_id") REFERENCES "public"."candidates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_reviews" ADD CONSTRAINT "ai_reviews_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_rubrics" ADD CONSTRAINT "review_rubrics_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ai_reviews_session_idx" ON "ai_reviews" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "ai_reviews_due_idx" ON "ai_reviews" USING btree ("status","next_attempt_at");