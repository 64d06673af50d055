CREATE TABLE "session_problems" (
	"session_id" text NOT NULL,
	"position" integer NOT NULL,
	"problem_id" text NOT NULL,
	"folder" text NOT NULL,
	"opened_at" timestamp (3) with time zone,
	"submitted_at" timestamp (3) with time zone,
	CONSTRAINT "session_problems_session_id_position_pk" PRIMARY KEY("session_id","position")
);
--> statement-breakpoint
ALTER TABLE "test_runs" ADD COLUMN "problem_position" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "interview_sessions" ADD COLUMN "current_problem" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "session_problems" ADD CONSTRAINT "session_problems_session_id_interview_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."interview_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_problems" ADD CONSTRAINT "session_problems_problem_id_problems_id_fk" FOREIGN KEY ("problem_id") REFERENCES "public"."problems"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "session_problems_problem_idx" ON "session_problems" USING btree ("problem_id");